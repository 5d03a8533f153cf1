import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { loadUser } from "./accounts/middleware";
import { SignInProviders } from "./accounts/oauth/flow";
import { oauthRoutes } from "./accounts/oauth/routes";
import { accountRoutes } from "./accounts/routes";
import { emailLinkRoutes } from "./accounts/settings/email-link-routes";
import { settingsRoutes } from "./accounts/settings/routes";
import { twoFactorRoutes } from "./accounts/two-factor/routes";
import { catalogRoutes } from "./catalog/routes";
import { sameOriginOnly } from "./http/csrf";
import type { AppDeps, AppEnv } from "./http/env";
import { readFlash } from "./http/flash";
import { formBodyLimit } from "./http/form-body-limit";
import { isImageUpload } from "./catalog/products/image-routes";
import { isCatalogImport } from "./catalog/food-info/import-routes";
import { renderNotFound } from "./http/render";
import { adminRoutes } from "./manage/admin-routes";
import { manageRoutes } from "./manage/routes";
import { productSlugRedirect } from "./catalog/products/slugs";
import { mediaRoutes } from "./media/routes";
import { cartRoutes } from "./cart/routes";
import { checkoutRoutes } from "./checkout/routes";
import { orderRoutes } from "./orders/routes";
import { shopperInvoiceRoutes } from "./invoices/routes";
import { shopperCreditNoteRoutes } from "./invoices/credit-notes-routes";
import { orderChangeRoutes } from "./orders/change-routes";
import { addressBookRoutes } from "./fulfilment/address-routes";
import { slotShopRoutes } from "./fulfilment/shop-routes";
import { wishlistRoutes } from "./wishlist/routes";
import { emailRoutes } from "./accounts/email-routes";
import { unsubscribeRoutes } from "./notifications/unsubscribe-routes";
import { checkReadiness } from "./ops/readiness";
import { requestLog } from "./ops/request-log";
import { API_DOCS_PATH, apiRoutes, isApiPath } from "./api";
import { apiErrorHandler } from "./api/errors";
import { installRoutes } from "./install/routes";
import { shopperNotificationRoutes } from "./notifications/routes";
import { requireSignedIn } from "./accounts/middleware";
import { pageShell } from "./shell/loader";
import { compressResponses, type Compressor } from "./http/compression";
import { paymentPageOrigins } from "./payments/methods";
import { paymentShopRoutes } from "./payments/shop-routes";
import { stripeWebhookRoutes } from "./payments/webhooks";

import type { AssetHashes } from "./http/asset-names";

export type { AppDeps } from "./http/env";

export type AppOptions = {
  /** Serves /static/* before anything else (the Bun entry reads public/; Workers use the assets binding). */
  staticAssets?: MiddlewareHandler;
  /** Compresses answers with the runtime's codec (the Bun server; on Workers the edge does). */
  compression?: Compressor;
  /** Content hashes of the files pages link: pages then link /static/styles.<hash>.css (src/http/asset-names.ts). */
  assetHashes?: AssetHashes;
};

/** Builds the whole web app from its dependencies; no module-level state. */
export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  if (options.compression) app.use(compressResponses(options.compression));
  if (options.staticAssets) app.use("/static/*", options.staticAssets);

  app.use(requestLog(deps.config.LOG_LEVEL));
  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("shell", pageShell);
    c.set("assetHashes", options.assetHashes);
    await next();
  });
  // Both sets: HSTS in production, the referrer policy, and a handler's own policy kept (the outbox's
  // email preview and the API reference set theirs).
  const everyAnswer = {
    strictTransportSecurity: deps.config.secureCookies ? "max-age=31536000; includeSubDomains" : false,
    referrerPolicy: "strict-origin-when-cross-origin",
    overwrite: false,
  } as const;
  const pageHeaders = secureHeaders({
    ...everyAnswer,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'", ...paymentPageOrigins(deps.config)],
      frameAncestors: ["'none'"],
    },
  });
  // JSON for programs, not documents: the REST set (nosniff, HSTS, a CSP that loads and frames
  // nothing, no framing, referrer, CORP) without the headers only a browsing context reads.
  const apiHeaders = secureHeaders({
    ...everyAnswer,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: "DENY",
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    removePoweredBy: false,
  });
  app.use((c, next) => (isApiPath(c.req.path) && c.req.path !== API_DOCS_PATH ? apiHeaders(c, next) : pageHeaders(c, next)));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps.database);
    c.header("Cache-Control", "no-store");
    return readiness.ready ? c.json({ status: "ready" }) : c.json({ status: "not ready", reason: readiness.reason }, 503);
  });
  // Product images are public and need no session; so are the manifest, service worker and offline page.
  app.route("/", mediaRoutes);
  app.route("/", installRoutes);
  // The JSON API reads no cookies, so it is mounted before the page middlewares (session, CSRF, flash).
  app.route("/api", apiRoutes());
  // Stripe's webhooks carry a signature, not a session or an Origin (src/payments/webhooks.ts).
  app.route("/", stripeWebhookRoutes);

  app.use(sameOriginOnly());
  app.use(loadUser());
  app.use(readFlash());
  app.use(formBodyLimit((path) => isImageUpload(path) || isCatalogImport(path)));

  app.use("/products/:slug", productSlugRedirect());
  app.route("/", catalogRoutes);
  app.route("/account/addresses", addressBookRoutes);
  app.route("/", accountRoutes);
  app.route("/", settingsRoutes);
  app.route("/", emailLinkRoutes);
  app.route("/", twoFactorRoutes);
  app.route("/", oauthRoutes(new SignInProviders(deps.config.OIDC_ISSUER)));
  app.route("/manage", manageRoutes);
  app.route("/admin", adminRoutes);
  app.route("/cart", cartRoutes);
  app.route("/checkout", checkoutRoutes);
  app.route("/orders", shopperInvoiceRoutes);
  app.route("/orders", shopperCreditNoteRoutes);
  app.route("/orders", paymentShopRoutes);
  app.route("/orders", orderChangeRoutes);
  app.route("/orders", orderRoutes);
  app.route("/slots", slotShopRoutes);
  app.route("/", wishlistRoutes);
  app.route("/", emailRoutes);
  app.route("/", unsubscribeRoutes);
  // A shopper's bell: the page and buttons need a sign-in; the stream answers 401 for itself.
  app.use("/notifications", requireSignedIn());
  app.on("POST", "/notifications/*", requireSignedIn());
  app.route("/notifications", shopperNotificationRoutes);

  app.notFound(renderNotFound);
  app.onError((error, c) => {
    if (isApiPath(c.req.path)) return apiErrorHandler(error, c);
    console.error(JSON.stringify({ level: "error", msg: "unhandled error", id: c.var.requestId, path: c.req.path, error: String(error), stack: error.stack }));
    return c.text("Something went wrong on our side. Please try again.", 500);
  });
  return app;
}

export type GrocerApp = ReturnType<typeof createApp>;
