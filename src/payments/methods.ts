import type { Config } from "../config";
import type { PaymentMethodName } from "../db/payment-tables";

/**
 * A way to pay, as checkout offers it (ADR 030). The store chooses which by configuration
 * (PAYMENT_METHODS); pay on delivery or at collection needs nothing and is the default.
 */
export interface PaymentMethod {
  readonly name: PaymentMethodName;
  /** The choice at checkout. */
  readonly label: string;
  readonly explanation: string;
  /** The order's state when placed: a card order waits for its authorisation, stock and slot held. */
  readonly placedState: "placed" | "awaiting_payment";
  /** Whether the shopper is sent to the provider's hosted page after placing the order. */
  readonly paysOnHostedPage: boolean;
}

export const PAY_ON_DELIVERY: PaymentMethod = {
  name: "on_delivery",
  label: "Pay on delivery or collection",
  explanation: "Pay by card or cash when you get your groceries, for exactly what was picked.",
  placedState: "placed",
  paysOnHostedPage: false,
};

export const CARD: PaymentMethod = {
  name: "card",
  label: "Pay by card now",
  explanation: "Your card is authorised for the estimate now and charged after picking for exactly what you get, never more than authorised.",
  placedState: "awaiting_payment",
  paysOnHostedPage: true,
};

/** The methods this store offers, in its configured order. */
export const offeredMethods = (config: Pick<Config, "PAYMENT_METHODS">): PaymentMethod[] =>
  config.PAYMENT_METHODS.split(",").map((name) => (name === "card" ? CARD : PAY_ON_DELIVERY));

export type MethodChoice = { ok: true; method: PaymentMethod } | { ok: false; message: string };

/** The method a checkout asked for (absent: the store's first), refused when the store does not offer it. */
export function chooseMethod(config: Pick<Config, "PAYMENT_METHODS">, asked: PaymentMethodName | undefined): MethodChoice {
  const offered = offeredMethods(config);
  if (!asked) return { ok: true, method: offered[0]! };
  const method = offered.find((candidate) => candidate.name === asked);
  return method ? { ok: true, method } : { ok: false, message: `This store does not take ${asked === "card" ? "card payments online" : "payment on delivery"}: choose ${offered.map((m) => m.label.toLowerCase()).join(" or ")}.` };
}

/**
 * Where a checkout form's redirect may lead (CSP form-action): Stripe's hosted payment pages when
 * card payments are on (in tests, the local double's address).
 */
export function paymentPageOrigins(config: Pick<Config, "PAYMENT_METHODS" | "STRIPE_API_URL">): string[] {
  if (!config.PAYMENT_METHODS.split(",").includes("card")) return [];
  return [config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL).origin : "https://checkout.stripe.com"];
}
