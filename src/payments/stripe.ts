import Stripe from "stripe";
import type { Config } from "../config";

const clients = new WeakMap<Config, Stripe>();

/**
 * The official Stripe client for this store, built once per configuration. Its own network retries
 * are off: a failed call is retried by the job queue with the ledger row's idempotency key (ADR 030).
 * STRIPE_API_URL points it elsewhere only in tests (a local double of Stripe's API).
 */
export function stripeOf(config: Config): Stripe {
  const known = clients.get(config);
  if (known) return known;
  if (!config.STRIPE_SECRET_KEY) throw new Error("Card payments need STRIPE_SECRET_KEY.");
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  const client = new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 0,
    timeout: config.NODE_ENV === "test" ? 3_000 : 20_000,
    httpClient: Stripe.createFetchHttpClient(),
    ...(api ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: api.protocol === "https:" ? "https" : "http" } : {}),
  });
  clients.set(config, client);
  return client;
}

/** Web Crypto verifies webhook signatures on every runtime (Bun, Workers). */
export const webhookCrypto = Stripe.createSubtleCryptoProvider();

/** An error Stripe answered with a decision (declined, wrong state, too large): retrying the same call cannot help. */
export const isFinalRefusal = (error: unknown): error is Stripe.errors.StripeError =>
  error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeIdempotencyError;

export { Stripe };
