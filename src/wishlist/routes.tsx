import { Hono, type Context, type MiddlewareHandler } from "hono";
import { refererPath } from "../http/redirect-target";
import { requireSignedIn } from "../accounts/middleware";
import { addToCart } from "../cart/actions";
import { formFields, unreadableForm } from "../cart/form-body";
import { findSellableProduct } from "../cart/sellable";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage, wantsFragment } from "../http/render";
import { SavedNote } from "../../views/catalog/save-for-later";
import { fromMilli } from "../catalog/units";
import { WishlistPage } from "../../views/wishlist/wishlist-page";
import { removeFromWishlist, requestStockAlert, saveForLater, wishlistOf } from "./wishlist";

export const wishlistRoutes = new Hono<AppEnv>();

/** The page a visitor pressed the button on (same site only), to come back to after logging in. */
const pageOfOrigin = (c: Context<AppEnv>): string => refererPath(c.req.header("referer"), c.req.url, "/");

/**
 * "Save for later" and "Notify me" on a card, pressed by a visitor: log in, then back to that page
 * (the plain sign-in gate sent them to the home page, and said nothing about why).
 */
const visitorsLogInFirst = (text: string): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.var.user) return next();
  // An htmx press gets HX-Redirect: the log-in page must replace the page, not the button.
  return redirectAfterPost(c, `/login?next=${encodeURIComponent(pageOfOrigin(c))}`, { kind: "info", text });
};

wishlistRoutes.post("/wishlist/items", visitorsLogInFirst("Log in to save products for later."));
wishlistRoutes.post("/stock-alerts", visitorsLogInFirst("Log in and we'll email you when it is back in stock."));
wishlistRoutes.use("/wishlist", requireSignedIn());
wishlistRoutes.use("/wishlist/*", requireSignedIn());
wishlistRoutes.use("/stock-alerts", requireSignedIn());

wishlistRoutes.get("/wishlist", async (c) => {
  const items = await wishlistOf(c.var.deps.database.db, c.var.user!.id);
  return renderPage(c, "Saved for later", <WishlistPage items={items} money={moneyFormatter(c)} />);
});

/** The product named by a form field or URL part, if it is on sale. */
async function sellable(c: Context<AppEnv>, raw: unknown) {
  const id = typeof raw === "string" && /^\d{1,12}$/.test(raw) ? Number(raw) : 0;
  return id ? findSellableProduct(c.var.deps.database.db, id) : null;
}

wishlistRoutes.post("/wishlist/items", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const product = await sellable(c, body.product_id);
  if (!product) return renderNotFound(c);
  await saveForLater(c.var.deps.database.db, c.var.user!.id, product.id, c.var.deps.clock.now());
  if (wantsFragment(c)) return c.html(<SavedNote text={`Saved ${product.name}.`} />);
  return redirectAfterPost(c, "/wishlist", { kind: "success", text: `Saved ${product.name} for later.` });
});

wishlistRoutes.post("/wishlist/items/:productId/remove", async (c) => {
  const id = c.req.param("productId");
  const removed = /^\d{1,12}$/.test(id) && (await removeFromWishlist(c.var.deps.database.db, c.var.user!.id, Number(id)));
  if (!removed) return renderNotFound(c);
  return redirectAfterPost(c, "/wishlist", { kind: "info", text: "Removed from your saved items." });
});

wishlistRoutes.post("/wishlist/items/:productId/move-to-cart", async (c) => {
  const { database, clock } = c.var.deps;
  const user = c.var.user!;
  const product = await sellable(c, c.req.param("productId"));
  if (!product) return renderNotFound(c);
  const added = await addToCart(database.db, { userId: user.id }, { productId: String(product.id), quantity: String(fromMilli(product.step)) }, clock.now());
  if (!added.ok) return redirectAfterPost(c, "/wishlist", { kind: "error", text: added.message });
  await removeFromWishlist(database.db, user.id, product.id);
  return redirectAfterPost(c, "/cart", { kind: "success", text: `Moved ${product.name} to your cart.` });
});

wishlistRoutes.post("/stock-alerts", async (c) => {
  const body = await formFields(c);
  if (!body) return unreadableForm(c);
  const product = await sellable(c, body.product_id);
  if (!product) return renderNotFound(c);
  const { database, clock } = c.var.deps;
  await saveForLater(database.db, c.var.user!.id, product.id, clock.now());
  await requestStockAlert(database.db, c.var.user!.id, product.id);
  const back = product.stock > 0 ? `${product.name} is in stock right now.` : `We'll email you when ${product.name} is back in stock.`;
  if (wantsFragment(c)) return c.html(<SavedNote text={back} />);
  return redirectAfterPost(c, "/wishlist", { kind: "success", text: back });
});
