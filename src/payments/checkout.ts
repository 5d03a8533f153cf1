import type { Context } from "hono";
import type { Config } from "../config";
import type { CheckoutPayment } from "../checkout/place-order";
import type { PaymentMethod } from "./methods";

/** What checkout needs to know of the payment: the method and the store's payment settings. */
export const checkoutPayment = (config: Config, method: PaymentMethod): CheckoutPayment => ({
  method,
  timeoutMinutes: config.PAYMENT_TIMEOUT_MINUTES,
  cardBookingDays: config.CARD_BOOKING_DAYS,
});

/** The store's own address for the provider's return links: PUBLIC_URL, else the request's origin. */
export const siteOrigin = (c: Pick<Context, "req">, config: Pick<Config, "PUBLIC_URL">): string => config.PUBLIC_URL?.replace(/\/$/, "") ?? new URL(c.req.url).origin;
