import { createRoute, z } from "@hono/zod-openapi";
import { placeOrder } from "./place-order";
import { chooseMethod } from "../payments/methods";
import { checkoutPayment, siteOrigin } from "../payments/checkout";
import { hostedPaymentPage } from "../payments/authorise";
import { addressRule, checkoutFields, fulfilmentRequestOf, orderRequestOf } from "./contract";
import { chargeRefusalText, chargeSettings } from "../fulfilment/order-charges";
import { pickingSettings } from "../picking/settings";
import { findOwnOrder } from "../orders/queries";
import { bearerAuth, callerOf } from "../api/bearer";
import { moneyOf } from "../cart/api";
import { apiRouter } from "../api/env";
import { orderJson, OrderSchema } from "../orders/json";
import { ApiProblem, problems, ProblemSchema, problemType } from "../api/problem";
import { Quantity, quantityOut } from "../api/schemas";

export const checkoutApi = apiRouter();
checkoutApi.use("/checkout", bearerAuth());

/** The checkout contract (contract.ts), as the page's form reads it too. */
const CheckoutBody = z
  .object({
    ...checkoutFields,
    // describe() makes a copy after the OpenAPI extension is loaded, so it can carry .openapi().
    fulfilment: checkoutFields.fulfilment.describe("Delivery, or click & collect (pickup).").openapi({ example: "pickup" }),
    delivery_address: checkoutFields.delivery_address.describe("Required for delivery (at least 5 characters); ignored for click & collect."),
  })
  .superRefine(addressRule)
  .openapi("CheckoutRequest", { example: { fulfilment: "pickup", note: "Ripe bananas, please" } });

const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string({ message: "is required: send a unique key per order (e.g. a UUID) so a retry can't order twice" })
    .regex(/^[A-Za-z0-9_-]{16,100}$/, "must be 16-100 letters, digits, - or _")
    .openapi({ param: { name: "idempotency-key", in: "header", description: "Unique per order (e.g. a UUID); a retry sends the same key." }, example: "3f6c9f0e-8f1a-4c55-9d56-4d3f2a1b7c10" }),
});

const OutOfStockProblem = ProblemSchema.extend({
  items: z
    .array(z.object({ product_id: z.number().int(), name: z.string(), unit: z.string(), wanted: Quantity, left: Quantity }))
    .optional()
    .openapi({ description: "For out-of-stock: each short line, what the cart wants and what is left." }),
  order_id: z.number().int().optional().openapi({ description: "For cart-already-ordered: the order this cart became." }),
}).openapi("CheckoutConflict");

const CheckoutOrderSchema = OrderSchema.extend({
  payment_url: z
    .string()
    .nullable()
    .openapi({ description: "For a card order: the payment provider's hosted page where the shopper authorises the card (send them there). Null otherwise, or when the provider could not be reached (POST /orders/{id}/payment-page gives it later)." }),
}).openapi("CheckoutOrder");
const orderContent = { "application/json": { schema: CheckoutOrderSchema } };

checkoutApi.openapi(
  createRoute({
    method: "post",
    path: "/checkout",
    operationId: "checkout",
    tags: ["Checkout"],
    summary: "Place the cart as an order",
    description:
      "`slot_id` books a delivery or collection window (GET /slots) in the order's own atomic unit; without it the slot you reserved (PUT /reservation), if any. Delivery takes `address_id` from your address book, or `delivery_address` with its `postcode`: the zone sets the fee (`delivery_fee_cents`) and an address outside every zone is 422 `outside-delivery-zones`. Each line records its VAT. Requires an `Idempotency-Key` header. The same key with the same body returns the order already placed (200); the same key with another body is refused (422). Stock, prices and the promo code are checked by the database in one atomic unit.",
    request: { headers: IdempotencyHeader, body: { required: true, content: { "application/json": { schema: CheckoutBody } } } },
    responses: {
      201: { description: "Order placed.", content: orderContent },
      200: { description: "This key was used before with the same body: the same order.", content: orderContent },
      ...problems(400, 401, 422),
      409: {
        description:
          "The slot is full (`slot-full`), past its cut-off (`slot-past-cutoff`) or closed (`slot-closed`); out of stock (with `items`), no longer sold, prices changed, the cart changed while the order was placed (`cart-changed`), or this cart was already ordered by another checkout (`cart-already-ordered`, with `order_id`).", content: { "application/problem+json": { schema: OutOfStockProblem } } },
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const user = callerOf(c);
    const { database, clock, config } = c.var.deps;
    const unprocessable = (slug: string, detail: string) => new ApiProblem(422, "Unprocessable Content", detail, { type: problemType(slug) });
    const method = chooseMethod(config, body.payment_method);
    if (!method.ok) throw unprocessable("payment-method-not-offered", method.message);
    const result = await placeOrder(
      database,
      { customer: user, idempotencyKey: key, ...orderRequestOf(body), ...fulfilmentRequestOf(body) },
      { now: clock.now(), minimumCents: config.MIN_ORDER_CENTS, money: moneyOf(c), charges: chargeSettings(config), picking: pickingSettings(config), payment: checkoutPayment(config, method.method) },
    );
    const conflict = (slug: string, detail: string, fields?: Record<string, unknown>) => new ApiProblem(409, "Conflict", detail, { type: problemType(slug), fields });
    switch (result.kind) {
      case "placed":
      case "replayed": {
        if (result.kind === "replayed" && !result.sameRequest) {
          throw unprocessable("idempotency-key-reused", "This Idempotency-Key was already used for a different order; use a new key for a new order.");
        }
        const order = (await findOwnOrder(database.db, user.id, result.order.id))!;
        const page = order.status === "awaiting_payment" ? await hostedPaymentPage(c.var.deps, order.id, siteOrigin(c, config)) : null;
        return c.json({ ...orderJson(order), payment_url: page?.ok ? page.url : null }, result.kind === "placed" ? 201 : 200);
      }
      case "empty":
        throw unprocessable("cart-empty", "Your cart is empty.");
      case "out_of_stock":
        throw conflict("out-of-stock", "Some items are no longer in stock in the quantity in your cart.", {
          items: result.items.map((item) => ({ product_id: item.productId, name: item.name, unit: item.unit, wanted: quantityOut(item.wanted), left: quantityOut(item.left) })),
        });
      case "below_minimum":
        throw unprocessable("below-minimum", `The minimum order is ${result.minimumCents} cents; your items come to ${result.subtotalCents} cents.`);
      case "promo_rejected":
        throw unprocessable("promo-rejected", result.message);
      case "unavailable":
        throw conflict("unavailable", `No longer sold: ${result.names.join(", ")}. Remove them from your cart.`);
      case "already_ordered":
        throw conflict("cart-already-ordered", "This cart was already ordered by another checkout (another tab, device or retry under a new key); see order_id.", {
          order_id: result.order.id,
        });
      case "cart_changed":
        throw conflict("cart-changed", "The cart changed while the order was being placed; nothing was ordered. Read the cart and try again.");
      case "prices_changed":
        throw conflict("prices-changed", "Some prices changed while you were checking out; review the cart and try again.");
      case "payment_refused":
        throw unprocessable("payment-method-refused", result.message);
      case "fulfilment_refused": {
        const refusal = chargeRefusalText(result.refusal, (cents) => `${cents} cents`);
        throw refusal.status === 409 ? conflict(refusal.slug, refusal.message) : unprocessable(refusal.slug, refusal.message);
      }
    }
  },
);
