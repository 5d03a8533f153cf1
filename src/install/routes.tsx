import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { OfflinePage } from "../../views/install/offline-page";
import { webAppManifest } from "./manifest";
import { OFFLINE_PATH, SERVICE_WORKER } from "./service-worker";

/** What makes the store installable on a phone: the manifest, the service worker and its offline page. */
export const installRoutes = new Hono<AppEnv>();

installRoutes.get("/manifest.webmanifest", (c) => {
  c.header("Content-Type", "application/manifest+json; charset=utf-8");
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(JSON.stringify(webAppManifest(c.var.deps.config.STORE_NAME)));
});

installRoutes.get("/sw.js", (c) => {
  c.header("Content-Type", "text/javascript; charset=utf-8");
  // Browsers check for a new worker at most daily anyway; no-cache makes every check see the latest.
  c.header("Cache-Control", "no-cache");
  return c.body(SERVICE_WORKER);
});

installRoutes.get(OFFLINE_PATH, (c) => {
  c.header("Cache-Control", "no-cache");
  return c.html(<OfflinePage storeName={c.var.deps.config.STORE_NAME} />);
});
