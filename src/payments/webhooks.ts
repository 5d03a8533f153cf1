import { Hono } from "hono";
import { randomToken } from "../accounts/tokens";
import { paymentEvents } from "../db/payment-tables";
import type { AppEnv } from "../http/env";
import { Stripe, webhookCrypto } from "./stripe";

export const STRIPE_EVENT_JOB = "payments.stripe-event";
/** Stripe's events are small; anything bigger is not one of them. */
const MAX_EVENT_BYTES = 256 * 1024;

/**
 * Stripe's webhook endpoint (ADR 030). The signature is verified by the official library (Web
 * Crypto, so Bun and Workers alike) on the raw body; a bad one is 400 with nothing changed. Each
 * event id is taken once (its row is the key) and its work queued in the same unit; the job asks
 * Stripe for the object's current state, so a replayed or out-of-order event changes nothing.
 */
export const stripeWebhookRoutes = new Hono<AppEnv>();

stripeWebhookRoutes.post("/payments/stripe/webhook", async (c) => {
  const { config, database, clock } = c.var.deps;
  const secret = config.STRIPE_WEBHOOK_SECRET;
  if (!secret) return c.json({ error: "Card payments are not set up on this store." }, 404);
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_EVENT_BYTES) return c.json({ error: "Too large for an event." }, 413);
  const payload = await c.req.text();
  if (payload.length > MAX_EVENT_BYTES) return c.json({ error: "Too large for an event." }, 413);
  const signature = c.req.header("stripe-signature");
  if (!signature) return c.json({ error: "Missing Stripe-Signature header." }, 400);
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(payload, signature, secret, undefined, webhookCrypto);
  } catch {
    return c.json({ error: "The signature does not match this endpoint's secret." }, 400);
  }
  const object = event.data.object as { id?: unknown };
  const objectId = typeof object.id === "string" ? object.id : null;
  const now = clock.now();
  const token = randomToken(16);
  const { db } = database;
  await database.atomic([
    db.insert(paymentEvents).values({ eventId: event.id, type: event.type, objectId, token, receivedAt: now }).onConflictDoNothing(),
    // Queued only by the unit that took the event (a replay finds the row with another token).
    {
      sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at") select ?, json_object('eventId', "event_id", 'type', "type", 'objectId', "object_id"), ?, 10, ? from "payment_events" where "event_id" = ? and "token" = ?`,
      params: [STRIPE_EVENT_JOB, now.getTime(), now.getTime(), event.id, token],
    },
  ]);
  return c.json({ received: true });
});
