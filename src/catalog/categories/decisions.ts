import { and, eq } from "drizzle-orm";
import type { Statement } from "../../db/client";
import type { DatabaseHandle } from "../../db/client";
import { categories, categoryRequests, notifications, type CategoryRequest, type User } from "../../db/schema";
import { noticeRow } from "../../notifications/notify";
import { auditEntry } from "../../db/audit-entry";
import { productsInCategory, type Outcome } from "./categories";

/**
 * The admin approves or declines a manager's request. The change, the request's new status, the
 * audit entry and the requester's notification go in one atomic unit.
 */
export async function decideRequest(
  handle: DatabaseHandle,
  admin: User,
  requestId: number,
  decision: { approve: true } | { approve: false; reason: string },
  now: Date,
): Promise<Outcome> {
  const { db } = handle;
  const [request] = await db.select().from(categoryRequests).where(eq(categoryRequests.id, requestId));
  if (!request) return { ok: false, status: 404, message: "That request does not exist." };
  if (request.status !== "pending") return { ok: false, status: 409, message: "That request was already decided." };
  const stillPending = and(eq(categoryRequests.id, requestId), eq(categoryRequests.status, "pending"));

  let change: Statement[] = [];
  if (decision.approve) {
    const planned = await approvalChange(handle, request);
    if (!planned.ok) return planned;
    change = planned.statements;
  } else if (request.kind === "create" && request.categoryId) {
    const n = await productsInCategory(db, request.categoryId);
    if (n > 0) return { ok: false, status: 409, message: `“${request.currentName}” already holds ${n} product${n === 1 ? "" : "s"}; move ${n === 1 ? "it" : "them"} out before declining.` };
    // A declined new category never reaches the shelves; the request keeps its name for the history.
    change = [db.delete(categories).where(and(eq(categories.id, request.categoryId), eq(categories.status, "pending")))];
  }
  const status = decision.approve ? ("approved" as const) : ("declined" as const);
  const reason = decision.approve ? null : decision.reason;
  await handle.atomic([
    // Decided first, so deleting the category afterwards only clears category_id on a settled request.
    db.update(categoryRequests).set({ status, reason, decidedBy: admin.id, decidedAt: now }).where(stillPending),
    ...change,
    auditEntry(db, { actor: admin, action: `category_request.${status}`, subjectType: "category_request", subjectId: request.id, details: { kind: request.kind, name: request.currentName, reason }, at: now }),
    // The manager who asked hears the decision in their notifications (bell and list).
    ...(request.requestedBy
      ? [
          db.insert(notifications).values(
            noticeRow({
              to: { userId: request.requestedBy },
              kind: "decision",
              title: `${decision.approve ? "Approved" : "Declined"}: ${describe(request)}`,
              body: reason ? `Reason: ${reason}` : "",
              link: "/manage/categories",
              now,
            }),
          ),
        ]
      : []),
  ]);
  const verb = decision.approve ? "Approved" : "Declined";
  return { ok: true, message: `${verb}: ${describe(request)}.` };
}

async function approvalChange(handle: DatabaseHandle, request: CategoryRequest): Promise<{ ok: true; statements: Statement[] } | Extract<Outcome, { ok: false }>> {
  const { db } = handle;
  const id = request.categoryId;
  if (!id) return { ok: false, status: 409, message: "The category of this request no longer exists; decline it instead." };
  switch (request.kind) {
    case "create":
      return { ok: true, statements: [db.update(categories).set({ status: "active" }).where(eq(categories.id, id))] };
    case "rename":
      return {
        ok: true,
        statements: [db.update(categories).set({ name: request.proposedName ?? request.currentName, description: request.proposedDescription ?? "" }).where(eq(categories.id, id))],
      };
    case "delete": {
      const n = await productsInCategory(db, id);
      if (n > 0) {
        return { ok: false, status: 409, message: `“${request.currentName}” still has ${n} product${n === 1 ? "" : "s"}. Move ${n === 1 ? "it" : "them"} to another category first, then approve.` };
      }
      return { ok: true, statements: [db.delete(categories).where(eq(categories.id, id))] };
    }
  }
}

export function describe(request: CategoryRequest): string {
  switch (request.kind) {
    case "create":
      return `new category “${request.proposedName}”`;
    case "rename":
      return `rename “${request.currentName}” to “${request.proposedName}”`;
    case "delete":
      return `delete “${request.currentName}”`;
  }
}
