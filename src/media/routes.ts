import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { SAFE_KEY } from "./storage";

export const mediaRoutes = new Hono<AppEnv>();

/** Image keys are never reused (a replaced image gets a new key), so a year-long immutable cache is safe. */
mediaRoutes.get("/media/:key{.+}", async (c) => {
  const key = c.req.param("key");
  if (!SAFE_KEY.test(key)) return c.text("Not found", 404);
  const image = await c.var.deps.storage.get(key);
  if (!image) return c.text("Not found", 404);
  return c.body(image.bytes, 200, {
    "Content-Type": image.contentType,
    "Content-Length": String(image.bytes.byteLength),
    "Cache-Control": "public, max-age=31536000, immutable",
    // An SVG opened on its own runs nothing and loads nothing (only the demo illustrations are SVG).
    ...(image.contentType === "image/svg+xml" ? { "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox" } : {}),
  });
});
