import { Hono, type Context } from "hono";
import { slotText } from "../fulfilment/slot-text";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { invoiceIdOfOrder } from "../invoices/issue";
import { paymentStateOfOrder } from "../payments/ledger";
import { cardReauthorisation, reauthorisationNeeded } from "../payments/reauthorise";
import { additionChoices, chosenAdditionIds } from "../orders/change-additions";
import { requestOf, slotChoices } from "../orders/change-routes";
import { changeOrder, changeRefusalText, lockReason } from "../orders/changes";
import { orderNumber, orderWithItems, type OrderWithItems } from "../orders/queries";
import { ChangeOrderPage, ConfirmChangePage, type ChangePaths } from "../../views/orders/change-order";
import { withStaffAudit } from "./staff-edits";

/*
 * Mounted at /manage/orders (staff only, guarded there): staff edit an order on the shopper's behalf
 * (a phone order, a fix) with the shopper's own change pages and the SAME changeOrder, so the same
 * checks apply (placed, before the cut-off, not invoiced); the edit leaves an order.staff_edit audit
 * row in its unit, exactly like the API's.
 */
export const staffOrderEditRoutes = new Hono<AppEnv>();

const pathsOf = (id: number): ChangePaths => ({ action: `/manage/orders/${id}/edit`, order: `/manage/orders/${id}` });

async function orderOf(c: Context<AppEnv>) {
  const id = c.req.param("id") ?? "";
  return /^\d{1,12}$/.test(id) ? orderWithItems(c.var.deps.database.db, Number(id)) : null;
}

async function formPage(c: Context<AppEnv>, order: OrderWithItems, values: Record<string, string>, error?: { status: 409 | 422; message: string }) {
  const tz = c.var.deps.config.STORE_TIMEZONE;
  const page = (
    <ChangeOrderPage
      orderId={order.id}
      orderNumber={orderNumber(order)}
      cutoffText={order.slot ? slotText({ startsAt: order.slot.cutoffAt, endsAt: order.slot.cutoffAt }, tz).split("–")[0]! : null}
      lines={order.items}
      slots={await slotChoices(c, order)}
      additions={await additionChoices(c.var.deps.database.db, order, values.add_q ?? "", chosenAdditionIds(values))}
      values={values}
      error={error?.message}
      money={moneyFormatter(c)}
      paths={pathsOf(order.id)}
    />
  );
  return renderPage(c, `Edit order ${orderNumber(order)}`, page, { status: error?.status ?? 200 });
}

staffOrderEditRoutes.get("/:id/edit", async (c) => {
  const order = await orderOf(c);
  if (!order) return renderNotFound(c);
  const locked = lockReason(order, c.var.deps.clock.now(), (await invoiceIdOfOrder(c.var.deps.database.db, order.id)) !== null);
  if (locked) return redirectAfterPost(c, `/manage/orders/${order.id}`, { kind: "error", text: locked });
  return formPage(c, order, {});
});

staffOrderEditRoutes.post("/:id/edit", async (c) => {
  const order = await orderOf(c);
  if (!order) return renderNotFound(c);
  const { database, clock, config } = c.var.deps;
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string" && key !== "confirm" && key !== "find") values[key] = value;
  if (body.find !== undefined && body.confirm !== "1") return formPage(c, order, values);
  const asked = requestOf(values);
  if ("error" in asked) return formPage(c, order, values, { status: 422, message: asked.error });
  const confirm = body.confirm === "1";
  const staff = { actorId: c.var.user!.id, now: clock.now() };
  const result = await changeOrder(database, { orderId: order.id, actor: { id: staff.actorId, staff: true }, ...asked }, { now: staff.now, config, confirm, hooks: withStaffAudit(cardReauthorisation(c.var.deps), staff) });
  if (!result.ok) {
    const text = changeRefusalText(result.refusal);
    if (result.refusal.kind === "not_found") return renderNotFound(c);
    if (result.refusal.kind === "locked") return redirectAfterPost(c, `/manage/orders/${order.id}`, { kind: "error", text: text.message });
    const fresh = (await orderWithItems(database.db, order.id)) ?? order;
    return formPage(c, fresh, values, { status: text.status === 409 ? 409 : 422, message: text.message });
  }
  if (result.applied) return redirectAfterPost(c, `/manage/orders/${order.id}`, { kind: "success", text: `Order ${orderNumber(order)} is changed on the shopper's behalf.` });
  if (result.preview.lines.length === 0 && !result.preview.window.changed) return formPage(c, order, values, { status: 422, message: "Nothing to change: change a quantity or choose another slot." });
  const target = (await slotChoices(c, order)).find((slot) => slot.id === result.preview.window.toId);
  const cardAgain = reauthorisationNeeded(await paymentStateOfOrder(database.db, order), result.preview);
  const page = <ConfirmChangePage orderId={order.id} orderNumber={orderNumber(order)} preview={result.preview} slotText={target ? `${target.day}, ${target.time}` : null} values={values} money={moneyFormatter(c)} cardAgain={cardAgain} paths={pathsOf(order.id)} />;
  return renderPage(c, `Confirm the edit to ${orderNumber(order)}`, page);
});
