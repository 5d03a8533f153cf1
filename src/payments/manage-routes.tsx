import { Hono, type Context } from "hono";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { users } from "../db/schema";
import { COLLECTION_INSTRUMENTS } from "../db/payment-tables";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { orderNumber, orderWithItems } from "../orders/queries";
import { parseMoney } from "../values/money";
import { OrderPaymentPage } from "../../views/payments/manage-payment";
import { amountDueCents } from "./amounts";
import { recordCollection } from "./collect";
import { ledgerOf } from "./ledger";
import { refundOrder } from "./refunds";
import { creditNoteList, staffCreditNotePage } from "../invoices/credit-notes-routes";

/** Mounted at /manage/orders (staff only): an order's payment, taking payment at handover, refunds. */
export const paymentManageRoutes = new Hono<AppEnv>();

const money = z
  .string({ message: "Enter an amount such as 12.50." })
  .trim()
  .transform((text, ctx) => {
    const cents = parseMoney(text);
    if (cents === null || cents <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount such as 12.50." });
      return z.NEVER;
    }
    return cents;
  });
/** The page's forms take euros; they become the domain's cents and its one schema (collectionInput, refundInput). */
const collectionForm = z.object({ instrument: z.enum(COLLECTION_INSTRUMENTS, { message: "Choose card terminal or cash." }), amount: money });
const refundForm = z.object({ amount: money, reason: z.string({ message: "Say why the money is refunded." }).trim().min(3, "Say why the money is refunded.").max(300, "Keep the reason under 300 characters.") });

async function showPayment(c: Context<AppEnv>, options: { values?: FormValues; errors?: FormErrors; form?: "collect" | "refund"; status?: 200 | 404 | 409 | 422 } = {}) {
  const id = Number(c.req.param("id"));
  const { db } = c.var.deps.database;
  const order = Number.isInteger(id) && id > 0 ? await orderWithItems(db, id) : null;
  if (!order) return renderNotFound(c);
  const rows = await ledgerOf(db, order.id);
  const actorIds = [...new Set(rows.map((row) => row.actorId).filter((actor): actor is number => actor !== null))];
  const names = new Map<number, string>();
  for (const actorId of actorIds) {
    const [person] = await db.select({ name: users.name }).from(users).where(eq(users.id, actorId));
    if (person) names.set(actorId, person.name);
  }
  const page = (
    <OrderPaymentPage
      order={order}
      dueCents={amountDueCents(order)}
      rows={rows.map((row) => ({ ...row, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null }))}
      money={moneyFormatter(c)}
      moment={momentFormatter(c)}
      values={options.values ?? {}}
      errors={options.errors ?? {}}
      form={options.form}
    />
  );
  return renderPage(c, `Payment of ${orderNumber(order)}`, <>{page}{await creditNoteList(c, order.id, `/manage/orders/${order.id}`)}</>, { status: options.status });
}

paymentManageRoutes.get("/:id{[0-9]+}/payment", (c) => showPayment(c));
paymentManageRoutes.get("/:id{[0-9]+}/credit-notes/:number", (c) => staffCreditNotePage(c, Number(c.req.param("id")), c.req.param("number")));

paymentManageRoutes.post("/:id{[0-9]+}/payment", async (c) => {
  const form = await readForm(c, collectionForm);
  if (!form.ok) return showPayment(c, { values: form.values, errors: form.errors, form: "collect", status: 422 });
  const id = Number(c.req.param("id"));
  const result = await recordCollection(c.var.deps, id, { instrument: form.data.instrument, amount_cents: form.data.amount }, c.var.user!.id);
  if (!result.ok) return result.status === 404 ? renderNotFound(c) : showPayment(c, { values: form.values, errors: { amount: result.message }, form: "collect", status: result.status });
  return redirectAfterPost(c, `/manage/orders/${id}/payment`, { kind: "success", text: `Payment of ${moneyFormatter(c)(form.data.amount)} recorded.` });
});

paymentManageRoutes.post("/:id{[0-9]+}/refunds", async (c) => {
  const form = await readForm(c, refundForm);
  if (!form.ok) return showPayment(c, { values: form.values, errors: form.errors, form: "refund", status: 422 });
  const id = Number(c.req.param("id"));
  const result = await refundOrder(c.var.deps, id, { amount_cents: form.data.amount, reason: form.data.reason }, c.var.user!.id);
  if (!result.ok) return result.status === 404 ? renderNotFound(c) : showPayment(c, { values: form.values, errors: { amount: result.message }, form: "refund", status: result.status });
  const done = result.row.status === "succeeded";
  return redirectAfterPost(c, `/manage/orders/${id}/payment`, {
    kind: result.row.status === "failed" ? "error" : "success",
    text: result.row.status === "failed" ? `The refund was refused: ${result.row.failure ?? ""}` : done ? `Refunded ${moneyFormatter(c)(form.data.amount)}.` : `Refund of ${moneyFormatter(c)(form.data.amount)} sent; it shows here once the card provider confirms it.`,
  });
});
