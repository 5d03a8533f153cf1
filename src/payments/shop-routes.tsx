import { Hono, type Context } from "hono";
import { and, eq } from "drizzle-orm";
import { requireSignedIn } from "../accounts/middleware";
import { paymentLedger } from "../db/payment-tables";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, redirectOffSite, renderNotFound } from "../http/render";
import { findOwnOrder } from "../orders/queries";
import { hostedPaymentPage, syncAuthorisation } from "./authorise";
import { siteOrigin } from "./checkout";

/** Sends the shopper to the provider's hosted page for a card order waiting for payment (303, no JavaScript needed). */
export async function toHostedPage(c: Context<AppEnv>, orderId: number) {
  const page = await hostedPaymentPage(c.var.deps, orderId, siteOrigin(c, c.var.deps.config));
  if (page.ok) return redirectOffSite(c, new URL(page.url));
  return redirectAfterPost(c, `/orders/${orderId}`, { kind: page.authorised ? "success" : "error", text: page.message });
}

/** Mounted at /orders beside the order pages: paying for a card order and coming back from the hosted page. */
export const paymentShopRoutes = new Hono<AppEnv>();
paymentShopRoutes.use(requireSignedIn());

const ownOrderId = async (c: Context<AppEnv>) => {
  const id = c.req.param("id") ?? "";
  if (!/^\d{1,12}$/.test(id)) return null;
  const order = await findOwnOrder(c.var.deps.database.db, c.var.user!.id, Number(id));
  return order;
};

paymentShopRoutes.post("/:id/pay", async (c) => {
  const order = await ownOrderId(c);
  if (!order) return renderNotFound(c);
  if (order.status !== "awaiting_payment") return redirectAfterPost(c, `/orders/${order.id}`, { kind: "info", text: "This order is not waiting for a payment." });
  return toHostedPage(c, order.id);
});

/**
 * The hosted page sends the shopper back here: the store asks the provider (never trusting the
 * URL) and records the authorisation; the webhook may have done it first, or do it later.
 */
paymentShopRoutes.get("/:id/payment/return", async (c) => {
  const order = await ownOrderId(c);
  const sessionId = c.req.query("session_id") ?? "";
  if (!order || !/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) return renderNotFound(c);
  const { db } = c.var.deps.database;
  const [row] = await db.select({ id: paymentLedger.id }).from(paymentLedger).where(and(eq(paymentLedger.sessionId, sessionId), eq(paymentLedger.orderId, order.id)));
  if (!row) return renderNotFound(c);
  const outcome = await syncAuthorisation(c.var.deps, sessionId).catch(() => "unknown" as const);
  if (outcome === "authorised") {
    return redirectAfterPost(c, `/orders/${order.id}?placed=1`, { kind: "success", text: "Your card is authorised. You are charged after picking, for exactly what you get." });
  }
  const text = outcome === "failed" ? "The card payment did not go through; your order is not placed." : "We are still waiting to hear from the card payment service; this page shows it as soon as it does.";
  return redirectAfterPost(c, `/orders/${order.id}`, { kind: outcome === "failed" ? "error" : "info", text });
});
