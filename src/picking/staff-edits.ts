import type { BoundStatement } from "../db/client";
import type { ChangeHooks, ChangePreview } from "../orders/changes";

/*
 * Staff editing an order on the shopper's behalf (a phone order, a fix) before it is picked: the
 * same changeOrder as the shopper's own edit (src/orders/changes.ts, same checks, same unit), plus
 * an audit row written in that unit, only if the change won (guarded by its change token).
 */

export const STAFF_EDIT_ACTION = "order.staff_edit";

function auditStatement(actorId: number, preview: ChangePreview, token: string, now: Date): BoundStatement {
  const details = {
    lines: preview.lines.map((line) => ({ product_id: line.productId, name: line.name, before: line.before, after: line.after })),
    window: preview.window.changed ? { from: preview.window.fromId, to: preview.window.toId } : null,
    difference_cents: preview.differenceCents,
  };
  return {
    sql: `insert into "audit_log" ("actor_id", "action", "subject_type", "subject_id", "details", "created_at") select ?, ?, 'order', ?, ?, ? where exists (select 1 from "orders" where "id" = ? and "change_token" = ?)`,
    params: [actorId, STAFF_EDIT_ACTION, preview.order.id, JSON.stringify(details), now.getTime(), preview.order.id, token],
  };
}

/** The hooks a change already has (the card's re-authorisation), with the staff audit row added to its unit. */
export function withStaffAudit(hooks: ChangeHooks | undefined, staff: { actorId: number; now: Date }): ChangeHooks {
  return {
    beforeCommit: async (preview, token) => {
      const inner = hooks?.beforeCommit ? await hooks.beforeCommit(preview, token) : { ok: true as const };
      if (!inner.ok) return inner;
      return { ok: true, statements: [...(inner.statements ?? []), auditStatement(staff.actorId, preview, token, staff.now)] };
    },
    afterUnit: hooks?.afterUnit,
  };
}
