import { Hono, type Context } from "hono";
import { randomToken } from "../accounts/tokens";
import { requireSignedIn } from "../accounts/middleware";
import { applyPromoCodeInShop, removePromoCode } from "../cart/actions";
import { formFields, unreadableForm } from "../cart/form-body";
import { summarizeCart } from "../cart/summary";
import type { AppEnv } from "../http/env";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderPage } from "../http/render";
import { CheckoutPage, type CheckoutSlot } from "../../views/checkout/checkout-page";
import { fulfilmentRequestOf, orderRequestOf } from "./contract";
import { chargeRefusalText, chargeSettings, checkoutPreview } from "../fulfilment/order-charges";
import { pickingSettings } from "../picking/settings";
import { slotText, timeOfDay } from "../fulfilment/slot-text";
import { checkoutForm } from "./form";
import { placeOrder, shortItems, type ShortItem } from "./place-order";
import { lastDeliveryAddress, orderNumber } from "../orders/queries";
import { chooseMethod, offeredMethods } from "../payments/methods";
import { checkoutPayment } from "../payments/checkout";
import { toHostedPage } from "../payments/shop-routes";

export const checkoutRoutes = new Hono<AppEnv>();

/** Mounted at /checkout: a shopper checks out signed in (the guard is set once here). */
checkoutRoutes.use(requireSignedIn());

async function showCheckout(
  c: Context<AppEnv>,
  options: { values?: FormValues; errors?: FormErrors; status?: 200 | 409 | 422; shortItems?: ShortItem[]; promoError?: string } = {},
) {
  const { database, clock, config } = c.var.deps;
  const user = c.var.user!;
  const summary = await summarizeCart(database.db, { userId: user.id }, { userId: user.id, now: clock.now(), money: moneyFormatter(c) });
  if (summary.lines.length === 0) return c.redirect("/cart", 303);
  const values = options.values ?? { delivery_address: (await lastDeliveryAddress(database.db, user.id)) ?? "" };
  const now = clock.now().getTime();
  const preview = await checkoutPreview(database.db, user.id, summary, { ...chargeSettings(config), now }, moneyFormatter(c));
  const zone = config.STORE_TIMEZONE;
  const slot: CheckoutSlot | null = preview && {
    windowId: preview.window.id,
    fulfilment: preview.window.fulfilment,
    text: slotText(preview.window, zone),
    until: timeOfDay(preview.expiresAt.getTime(), zone),
    place: preview.window.pointName ?? "",
    address: preview.address,
    feeCents: preview.feeCents,
    vatCents: preview.vatCents,
    refusal: preview.refusal,
  };
  const page = (
    <CheckoutPage
      slot={slot}
      summary={summary}
      money={moneyFormatter(c)}
      values={values}
      errors={options.errors ?? {}}
      idempotencyKey={randomToken(18)}
      shortItems={options.shortItems ?? shortItems(summary)}
      minimumCents={config.MIN_ORDER_CENTS}
      promoError={options.promoError}
      paymentMethods={offeredMethods(config)}
    />
  );
  return renderPage(c, "Checkout", page, { status: options.status });
}

checkoutRoutes.get("/", (c) => showCheckout(c));

checkoutRoutes.post("/", async (c) => {
  const form = await readForm(c, checkoutForm);
  if (!form.ok) return showCheckout(c, { values: form.values, errors: form.errors, status: 422 });
  const { database, clock, config } = c.var.deps;
  const money = moneyFormatter(c);
  const method = chooseMethod(config, form.data.payment_method);
  if (!method.ok) return showCheckout(c, { values: form.values, errors: { payment_method: method.message }, status: 422 });
  const result = await placeOrder(
    database,
    {
      customer: c.var.user!,
      idempotencyKey: form.data.idempotency_key,
      ...orderRequestOf(form.data),
      ...fulfilmentRequestOf(form.data),
      cartVersion: form.data.cart_version,
    },
    { now: clock.now(), minimumCents: config.MIN_ORDER_CENTS, money, charges: chargeSettings(config), picking: pickingSettings(config), payment: checkoutPayment(config, method.method) },
  );
  const again = (errors: FormErrors, status: 409 | 422 = 409) => showCheckout(c, { values: form.values, errors, status });
  switch (result.kind) {
    case "placed":
      return method.method.paysOnHostedPage ? toHostedPage(c, result.order.id) : redirectAfterPost(c, `/orders/${result.order.id}?placed=1`);
    case "replayed":
      if (!result.cartRefilled) return redirectAfterPost(c, `/orders/${result.order.id}?placed=1`);
      return again({ form: `This checkout form was already used for order ${orderNumber(result.order)}. Your cart has changed since: here it is as it is now. Check it and place it as a new order.` });
    case "already_ordered":
      return redirectAfterPost(c, `/orders/${result.order.id}`, { kind: "info", text: "This cart was already ordered (from another tab or window): here is that order." });
    case "cart_changed":
      return again({ form: "Your cart changed since this page was shown: here it is as it is now. Check it and place the order again." });
    case "empty":
      return redirectAfterPost(c, "/cart", { kind: "info", text: "Your cart is empty." });
    case "out_of_stock":
      return showCheckout(c, { values: form.values, shortItems: result.items, status: 409 });
    case "below_minimum":
      return again({ form: `The minimum order is ${money(result.minimumCents)}; your items come to ${money(result.subtotalCents)}.` }, 422);
    case "promo_rejected":
      return again({ form: `${result.message} Remove the code from your cart or choose another.` }, 422);
    case "unavailable":
      return again({ form: `No longer sold: ${result.names.join(", ")}. Remove ${result.names.length === 1 ? "it" : "them"} from your cart to continue.` });
    case "prices_changed":
      return again({ form: "Some prices changed while you were checking out. Please review the new totals and place the order again." });
    case "payment_refused":
      return again({ payment_method: result.message }, 422);
    case "fulfilment_refused": {
      const refusal = chargeRefusalText(result.refusal, money);
      return again({ form: refusal.message }, refusal.status === 409 ? 409 : 422);
    }
  }
});

/** "Promo code" / "Apply" on the checkout page: the cart's rules, back to checkout. */
checkoutRoutes.post("/promo", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const { database, clock } = c.var.deps;
  const user = c.var.user!;
  const result = await applyPromoCodeInShop(database.db, { userId: user.id }, body.code, { userId: user.id, now: clock.now(), money: moneyFormatter(c) });
  if (!result.ok) return showCheckout(c, { status: 422, promoError: "kept" in result ? undefined : result.message });
  return redirectAfterPost(c, "/checkout", { kind: "success", text: `Code ${result.code} applied.` });
});

checkoutRoutes.post("/promo/remove", async (c) => {
  await removePromoCode(c.var.deps.database.db, { userId: c.var.user!.id });
  return redirectAfterPost(c, "/checkout", { kind: "info", text: "Promo code removed." });
});
