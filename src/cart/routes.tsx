import { Hono, type Context } from "hono";
import { refererPath } from "../http/redirect-target";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { quantityLabel } from "../catalog/units";
import { CartCount, CartPage, Toast, type LineError } from "../../views/cart/cart-page";
import { AddToCartForm } from "../../views/catalog/add-to-cart";
import { CardStepper } from "../../views/catalog/card-stepper";
import { addToCart, applyPromoCodeInShop, changeLine, removeLine, removePromoCode, type CartChange } from "./actions";
import { cartLineCount, findCart, lineQuantity, moveLinesToWishlist, type CartOwner } from "./carts";
import { formFields, unreadableForm } from "./form-body";
import { cartOwnerForWrite, currentCartOwner } from "./owner";
import { summarizeCart } from "./summary";
import { readForm } from "../http/forms";
import { pickingSettings } from "../picking/settings";
import { allowsSubstitute, setLinePreference, shopperSubstituteDefault, substitutionPreference } from "../picking/substitution-preferences";
import type { SubstitutionProblem } from "../../views/picking/substitute-preferences";

export const cartRoutes = new Hono<AppEnv>();

/** `lineError` shows beside that line's Quantity box as well as in the message. */
type ShowCartOptions = { status?: 200 | 404 | 422; promoError?: string; error?: string; lineError?: LineError; substitutionProblem?: SubstitutionProblem };

async function showCart(c: Context<AppEnv>, options: ShowCartOptions = {}) {
  const { database, clock, config } = c.var.deps;
  const userId = c.var.user?.id ?? null;
  const [summary, shopperDefault] = await Promise.all([
    summarizeCart(database.db, await currentCartOwner(c), { userId, now: clock.now(), money: moneyFormatter(c) }),
    shopperSubstituteDefault(database.db, userId),
  ]);
  const substituteDefault = allowsSubstitute(null, shopperDefault, pickingSettings(config).substitutesByDefault);
  const page = (
    <CartPage
      summary={summary}
      money={moneyFormatter(c)}
      promoError={options.promoError}
      minimumCents={config.MIN_ORDER_CENTS}
      lineError={options.lineError}
      substituteDefault={substituteDefault}
      substitutionProblem={options.substitutionProblem}
    />
  );
  if (wantsFragment(c)) {
    const count = summary.lines.length;
    const toast = options.error ? <Toast text={options.error} kind="error" /> : null;
    return c.html(<>{page}<CartCount count={count} oob />{toast}</>, options.status ?? 200);
  }
  if (options.error) c.set("flash", { kind: "error", text: options.error });
  return renderPage(c, "Your cart", page, { status: options.status });
}

cartRoutes.get("/", (c) => showCart(c));

/** Back to where the shopper was (a same-site page), or the cart. */
const backTo = (c: Context<AppEnv>): string => refererPath(c.req.header("referer"), c.req.url, "/cart");

cartRoutes.post("/items", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const { database, clock } = c.var.deps;
  const owner = await cartOwnerForWrite(c);
  const result = await addToCart(database.db, owner, { productId: body.product_id, quantity: body.quantity }, clock.now());
  if (c.req.header("hx-request") === "true") {
    const count = await cartLineCount(database.db, owner);
    if (!result.ok) return c.html(<><CartCount count={count} oob /><Toast text={result.message} kind="error" /></>, result.status);
    const text = `Added ${quantityLabel(result.quantity, result.product.unit)} ${result.product.name} to your cart.`;
    // The answer takes the form's place, so nothing floats over the button: the product page's form
    // says what was added, a card's becomes its −/+ control. The toast only speaks to screen readers.
    const inCart = body.from === "page" ? 0 : await quantityInCart(c, owner, result.product.id);
    const control = body.from === "page" ? <AddToCartForm product={result.product} withStepper note={text} /> : <CardStepper product={result.product} quantity={inCart} />;
    return c.html(<>{control}<CartCount count={count} oob /><Toast text={text} kind="success" quiet /></>);
  }
  if (!result.ok) {
    return renderPage(c, "Not added", <section class="card narrow"><h1>Not added to your cart</h1><p class="form-error">{result.message}</p><p><a href={backTo(c)}>Go back</a> · <a href="/cart">View cart</a></p></section>, { status: result.status });
  }
  return redirectAfterPost(c, backTo(c), { kind: "success", text: `Added ${quantityLabel(result.quantity, result.product.unit)} ${result.product.name} to your cart.` });
});

cartRoutes.post("/items/:productId", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const { database, clock } = c.var.deps;
  const owner = await currentCartOwner(c);
  const result = owner
    ? await changeLine(database.db, owner, { productId: c.req.param("productId"), quantity: body.quantity }, clock.now())
    : ({ ok: false, status: 404, message: "That product is not in your cart." } as const);
  if (body.from === "card") return answerCardStep(c, result, owner);
  if (!result.ok) {
    const lineError = result.status === 422 ? { productId: Number(c.req.param("productId")), message: result.message } : undefined;
    return showCart(c, { status: result.status, error: result.message, lineError });
  }
  if (wantsFragment(c)) return showCart(c);
  const text = result.quantity === 0 ? `Removed ${result.product.name}.` : `${result.product.name}: now ${quantityLabel(result.quantity, result.product.unit)}.`;
  return redirectAfterPost(c, "/cart", { kind: "success", text });
});

/** A line's "allow a substitute" and note for the picker (ADR 050): back to the cart, or the cart swapped in place. */
cartRoutes.post("/items/:productId{[0-9]{1,12}}/substitution", async (c) => {
  const productId = Number(c.req.param("productId"));
  const form = await readForm(c, substitutionPreference);
  if (!form.ok) return showCart(c, { status: 422, substitutionProblem: { productId, values: form.values, errors: form.errors } });
  const owner = await currentCartOwner(c);
  const cart = owner ? await findCart(c.var.deps.database.db, owner) : null;
  const saved = cart ? await setLinePreference(c.var.deps.database.db, cart.id, productId, form.data) : false;
  if (!saved) return showCart(c, { status: 404, error: "That product is not in your cart." });
  if (wantsFragment(c)) return showCart(c);
  return redirectAfterPost(c, "/cart", { kind: "success", text: form.data.allow_substitute ? "Saved: a substitute is OK for that line." : "Saved: no substitute for that line." });
});

/** The −/+ on a product card: its new control with htmx, or back to the shelf with a message. */
async function answerCardStep(c: Context<AppEnv>, result: CartChange, owner: CartOwner | null) {
  const text = !result.ok ? result.message : result.quantity === 0 ? `Removed ${result.product.name} from your cart.` : `${result.product.name}: ${quantityLabel(result.quantity, result.product.unit)} in your cart.`;
  if (c.req.header("hx-request") !== "true") return redirectAfterPost(c, backTo(c), { kind: result.ok ? "success" : "error", text });
  const count = owner ? await cartLineCount(c.var.deps.database.db, owner) : 0;
  if (!result.ok) return c.html(<><CartCount count={count} oob /><Toast text={text} kind="error" /></>, result.status);
  return c.html(<><CardStepper product={result.product} quantity={result.quantity} /><CartCount count={count} oob /><Toast text={text} kind="success" quiet /></>);
}

async function quantityInCart(c: Context<AppEnv>, owner: CartOwner, productId: number): Promise<number> {
  const cart = await findCart(c.var.deps.database.db, owner);
  return cart ? lineQuantity(c.var.deps.database.db, cart.id, productId) : 0;
}

cartRoutes.post("/items/:productId/remove", async (c) => {
  const { database, clock } = c.var.deps;
  const owner = await currentCartOwner(c);
  const removed = owner ? await removeLine(database.db, owner, { productId: c.req.param("productId") }, clock.now()) : false;
  if (!removed) return showCart(c, { status: 404, error: "That product is not in your cart." });
  if (wantsFragment(c)) return showCart(c);
  return redirectAfterPost(c, "/cart", { kind: "info", text: "Removed from your cart." });
});

/** The Undo of the log-in message: the account's earlier lines move to Saved for later. */
cartRoutes.post("/merge/undo", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const user = c.var.user;
  if (!user) return redirectAfterPost(c, "/login", { kind: "error", text: "Log in to change your cart." });
  const ids = String(body.items ?? "").split(",").filter((id) => /^\d{1,12}$/.test(id)).slice(0, 200).map(Number);
  const moved = await moveLinesToWishlist(c.var.deps.database, user.id, ids, c.var.deps.clock.now());
  const text = moved === 0 ? "Nothing to undo: those items are no longer in your cart." : `Moved ${moved} item${moved === 1 ? "" : "s"} from your account's earlier cart to Saved for later.`;
  return redirectAfterPost(c, backTo(c), { kind: moved === 0 ? "info" : "success", text });
});

cartRoutes.post("/promo", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const { database, clock } = c.var.deps;
  const context = { userId: c.var.user?.id ?? null, now: clock.now(), money: moneyFormatter(c) };
  const result = await applyPromoCodeInShop(database.db, await cartOwnerForWrite(c), body.code, context);
  // A code kept on the cart shows with its reason and "Remove code"; any other refusal beside the field.
  if (!result.ok) return showCart(c, { status: 422, promoError: "kept" in result ? undefined : result.message });
  if (wantsFragment(c)) return showCart(c);
  return redirectAfterPost(c, "/cart", { kind: "success", text: `Code ${result.code} added.` });
});

cartRoutes.post("/promo/remove", async (c) => {
  const owner = await currentCartOwner(c);
  if (owner) await removePromoCode(c.var.deps.database.db, owner);
  if (wantsFragment(c)) return showCart(c);
  return redirectAfterPost(c, "/cart", { kind: "info", text: "Promo code removed." });
});
