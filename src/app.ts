import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { loadUser } from "./accounts/middleware";
import { peopleRoutes } from "./accounts/people-routes";
import { accountRoutes } from "./accounts/routes";
import { catalogRoutes } from "./catalog/routes";
import { sameOriginOnly } from "./http/csrf";
import type { AppDeps, AppEnv } from "./http/env";
import { readFlash } from "./http/flash";
import { renderNotFound } from "./http/render";
import { manageRoutes } from "./manage/routes";
import { cartRoutes } from "./cart/routes";
import { checkReadiness } from "./ops/readiness";
import { requestLog } from "./ops/request-log";

export type { AppDeps } from "./http/env";

/** Builds the whole web app from its dependencies; no module-level state. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestLog(deps.config.LOG_LEVEL));
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
  app.get("/readyz", async (c) => {
    const readiness = await checkReadiness(deps.database);
    c.header("Cache-Control", "no-store");
    return readiness.ready ? c.json({ status: "ready" }) : c.json({ status: "not ready", reason: readiness.reason }, 503);
  });

  app.use(sameOriginOnly());
  app.use(loadUser());
  app.use(readFlash());

  app.route("/", catalogRoutes);
  app.route("/", accountRoutes);
  app.route("/", peopleRoutes);
  app.route("/", manageRoutes);
  app.route("/", cartRoutes);

  app.notFound(renderNotFound);
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: "error", msg: "unhandled error", id: c.var.requestId, path: c.req.path, error: String(error), stack: error.stack }));
    return c.text("Something went wrong on our side. Please try again.", 500);
  });
  return app;
}

export type GrocerApp = ReturnType<typeof createApp>;
