import { cardReauthorisation } from "../payments/reauthorise";
import { changePages } from "../orders/change-pages";
import { orderWithItems } from "../orders/queries";
import { withStaffAudit } from "./staff-edits";

/*
 * Mounted at /manage/orders (staff only, guarded there): staff edit an order on the shopper's behalf
 * (a phone order, a fix) with the shopper's own change pages and the SAME changeOrder, so the same
 * checks apply (placed, before the cut-off, not invoiced); the edit leaves an order.staff_edit audit
 * row in its unit, exactly like the API's.
 */
export const staffOrderEditRoutes = changePages({
  route: "/:id/edit",
  paths: (id) => ({ action: `/manage/orders/${id}/edit`, order: `/manage/orders/${id}`, onBehalf: true }),
  findOrder: (c, id) => orderWithItems(c.var.deps.database.db, id),
  actor: (c) => ({ id: c.var.user!.id, staff: true }),
  hooks: (c) => withStaffAudit(cardReauthorisation(c.var.deps), { actorId: c.var.user!.id, now: c.var.deps.clock.now() }),
  changedText: (number) => `Order ${number} is changed on the shopper's behalf.`,
});
