import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { addToCart, applyPromoCode, changeLine, removeLine, removePromoCode } from "./actions";
import { findCart, lineQuantity } from "./carts";
import { summarizeCart, type CartSummary } from "./summary";
import { UNITS } from "../db/schema";
import { formatMoney } from "../values/money";
import { bearerAuth, callerOf } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { invalidField, notFound, problems } from "../api/problem";
import { Cents, ProductIdParam, Quantity, quantityOut } from "../api/schemas";
import { pickingSettings } from "../picking/settings";
import { allowsSubstitute, setLinePreference, shopperSubstituteDefault, SUBSTITUTE_NOTE_MAX, substitutionPreference } from "../picking/substitution-preferences";

export const cartApi = apiRouter();
cartApi.use("/cart", bearerAuth());
cartApi.use("/cart/*", bearerAuth());

export const CartSchema = z
  .object({
    items: z.array(
      z.object({
        product_id: z.number().int(),
        name: z.string(),
        unit: z.enum(UNITS),
        quantity: Quantity,
        unit_price_cents: Cents,
        line_total_cents: Cents,
        problem: z.string().nullable().openapi({ description: "Why the line can't be bought now (not counted in the totals), or null." }),
        allow_substitute: z.boolean().openapi({ description: "Whether the picker may bring a substitute if this is out: the line's own choice, else the account's, else the store's." }),
        substitute_note: z.string().nullable().openapi({ description: "The shopper's note for the picker, or null.", example: "a green one, please" }),
      }),
    ),
    subtotal_cents: Cents,
    discount_cents: Cents,
    total_cents: Cents,
    promo_code: z.string().nullable().openapi({ example: "SPRING10" }),
    promo_problem: z.string().nullable().openapi({ description: "Why the promo code on the cart does not apply now, or null." }),
  })
  .openapi("Cart");

export const moneyOf = (c: Context<ApiEnv>) => (cents: number) => formatMoney(cents, c.var.deps.config.CURRENCY, c.var.deps.config.LOCALE);

/** `substituteDefault`: a line's substitution choice when it has none of its own. */
export function cartJson(summary: CartSummary, substituteDefault: boolean): z.infer<typeof CartSchema> {
  return {
    items: summary.lines.map((line) => ({
      product_id: line.productId,
      name: line.name,
      unit: line.unit,
      quantity: quantityOut(line.quantity),
      unit_price_cents: line.priceCents,
      line_total_cents: line.lineTotalCents,
      problem: line.problem,
      allow_substitute: line.allowSubstitute ?? substituteDefault,
      substitute_note: line.substituteNote,
    })),
    subtotal_cents: summary.subtotalCents,
    discount_cents: summary.discountCents,
    total_cents: summary.totalCents,
    promo_code: summary.promoCode,
    promo_problem: summary.promoProblem,
  };
}

async function currentCart(c: Context<ApiEnv>) {
  const user = callerOf(c);
  const { database, clock, config } = c.var.deps;
  const [summary, shopperDefault] = await Promise.all([
    summarizeCart(database.db, { userId: user.id }, { userId: user.id, now: clock.now(), money: moneyOf(c) }),
    shopperSubstituteDefault(database.db, user.id),
  ]);
  return cartJson(summary, allowsSubstitute(null, shopperDefault, pickingSettings(config).substitutesByDefault));
}

const cartResponse = { 200: { description: "The cart, priced now.", content: { "application/json": { schema: CartSchema } } } };
const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });

cartApi.openapi(
  createRoute({ method: "get", path: "/cart", operationId: "getCart", tags: ["Cart"], summary: "The cart", responses: { ...cartResponse, ...problems(401) } }),
  async (c) => c.json(await currentCart(c), 200),
);

const SetQuantity = z
  .object({ quantity: z.number({ message: "must be a number in the product's unit" }).min(0, "can't be negative").openapi({ example: 0.5 }) })
  .openapi("SetQuantity");

cartApi.openapi(
  createRoute({
    method: "put",
    path: "/cart/items/{product_id}",
    operationId: "setCartItem",
    tags: ["Cart"],
    summary: "Set how much of a product is in the cart",
    description: "Sets the line to `quantity` (in the product's unit and step, at most what is in stock); 0 removes the line.",
    request: { params: ProductIdParam, ...jsonBody(SetQuantity) },
    responses: { ...cartResponse, ...problems(400, 401, 404, 422) },
  }),
  async (c) => {
    const product_id = String(c.req.valid("param").product_id);
    const { quantity } = c.req.valid("json");
    const owner = { userId: callerOf(c).id };
    const { database, clock } = c.var.deps;
    const cart = await findCart(database.db, owner);
    const inCart = cart ? await lineQuantity(database.db, cart.id, c.req.valid("param").product_id) : 0;
    const input = { productId: product_id, quantity };
    const change =
      inCart > 0
        ? await changeLine(database.db, owner, input, clock.now())
        : quantity === 0
          ? ({ ok: true } as const)
          : await addToCart(database.db, owner, input, clock.now());
    if (!change.ok) throw change.status === 404 ? notFound(change.message) : invalidField("quantity", change.message);
    return c.json(await currentCart(c), 200);
  },
);

cartApi.openapi(
  createRoute({
    method: "delete",
    path: "/cart/items/{product_id}",
    operationId: "removeCartItem",
    tags: ["Cart"],
    summary: "Remove a product from the cart",
    request: { params: ProductIdParam },
    responses: { ...cartResponse, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const product_id = String(c.req.valid("param").product_id);
    const removed = await removeLine(c.var.deps.database.db, { userId: callerOf(c).id }, { productId: product_id }, c.var.deps.clock.now());
    if (!removed) throw notFound("That product is not in your cart.");
    return c.json(await currentCart(c), 200);
  },
);

cartApi.openapi(
  createRoute({
    method: "put",
    path: "/cart/promo",
    operationId: "applyPromoCode",
    tags: ["Cart"],
    summary: "Put a promo code on the cart",
    description: "Any known code is accepted; whether it applies now (dates, minimum, limits) shows as `promo_problem`.",
    request: jsonBody(z.object({ code: z.string({ message: "is required" }).max(40, "is too long").openapi({ example: "SPRING10" }) }).openapi("PromoRequest")),
    responses: { ...cartResponse, ...problems(400, 401, 422) },
  }),
  async (c) => {
    const { code } = c.req.valid("json");
    const result = await applyPromoCode(c.var.deps.database.db, { userId: callerOf(c).id }, code, c.var.deps.clock.now());
    if (!result.ok) throw invalidField("code", result.message);
    return c.json(await currentCart(c), 200);
  },
);

cartApi.openapi(
  createRoute({ method: "delete", path: "/cart/promo", operationId: "removePromoCode", tags: ["Cart"], summary: "Take the promo code off the cart", responses: { ...cartResponse, ...problems(401) } }),
  async (c) => {
    await removePromoCode(c.var.deps.database.db, { userId: callerOf(c).id });
    return c.json(await currentCart(c), 200);
  },
);


const LineSubstitution = z
  .object({
    allow_substitute: z.boolean({ message: "must be true or false" }),
    substitute_note: z
      .string({ message: "must be text" })
      .max(SUBSTITUTE_NOTE_MAX, `must be at most ${SUBSTITUTE_NOTE_MAX} characters`)
      .nullable()
      .optional()
      .openapi({ description: "A note for the picker; empty or null for none.", example: "a green one, please" }),
  })
  .openapi("LineSubstitution");

cartApi.openapi(
  createRoute({
    method: "put",
    path: "/cart/items/{product_id}/substitution",
    operationId: "setCartItemSubstitution",
    tags: ["Cart"],
    summary: "Allow or forbid a substitute for a cart line, with a note for the picker",
    description: "Kept on the order line at checkout; the picker sees both. A substitute is never charged above the line it replaces.",
    request: { params: ProductIdParam, ...jsonBody(LineSubstitution) },
    responses: { ...cartResponse, ...problems(400, 401, 404, 422) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    // The one contract the cart page's form uses too (the note trimmed, an empty one dropped).
    const preference = substitutionPreference.parse({ allow_substitute: body.allow_substitute, substitute_note: body.substitute_note ?? undefined });
    const { database } = c.var.deps;
    const cart = await findCart(database.db, { userId: callerOf(c).id });
    const saved = cart ? await setLinePreference(database.db, cart.id, c.req.valid("param").product_id, preference) : false;
    if (!saved) throw notFound("That product is not in your cart.");
    return c.json(await currentCart(c), 200);
  },
);
