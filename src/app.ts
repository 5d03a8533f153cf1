import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { loadUser } from "./accounts/middleware";
import { peopleRoutes } from "./accounts/people-routes";
import { SignInProviders } from "./accounts/oauth/flow";
import { oauthRoutes } from "./accounts/oauth/routes";
import { accountRoutes } from "./accounts/routes";
import { twoFactorRoutes } from "./accounts/two-factor/routes";
import { catalogRoutes } from "./catalog/routes";
import { sameOriginOnly } from "./http/csrf";
import type { AppDeps, AppEnv } from "./http/env";
import { readFlash } from "./http/flash";
import { renderNotFound } from "./http/render";
import { manageRoutes } from "./manage/routes";
import { cartRoutes } from "./cart/routes";
import { checkoutRoutes } from "./checkout/routes";
import { orderRoutes } from "./orders/routes";
import { wishlistRoutes } from "./wishlist/routes";

export type { AppDeps } from "./http/env";

export type AppOptions = {
  /** Serves /static/* before anything else (the Bun entry reads public/; Workers use the assets binding). */
  staticAssets?: MiddlewareHandler;
};

/** Builds the whole web app from its dependencies; no module-level state. */
export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  if (options.staticAssets) app.use("/static/*", options.staticAssets);

  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: deps.config.secureCookies ? "max-age=31536000; includeSubDomains" : false,
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.use(sameOriginOnly());
  app.use(loadUser());
  app.use(readFlash());

  app.route("/", catalogRoutes);
  app.route("/", accountRoutes);
  app.route("/", twoFactorRoutes);
  app.route("/", oauthRoutes(new SignInProviders(deps.config.OIDC_ISSUER)));
  app.route("/", peopleRoutes);
  app.route("/", manageRoutes);
  app.route("/", cartRoutes);
  app.route("/", checkoutRoutes);
  app.route("/", orderRoutes);
  app.route("/", wishlistRoutes);

  app.notFound(renderNotFound);
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: "error", msg: "unhandled error", path: c.req.path, error: String(error), stack: error.stack }));
    return c.text("Something went wrong on our side. Please try again.", 500);
  });
  return app;
}

export type GrocerApp = ReturnType<typeof createApp>;
