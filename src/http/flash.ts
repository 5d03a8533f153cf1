import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, Flash } from "./env";
import { privateCookie } from "./cookies";

const FLASH_COOKIE = "grocer_flash";

/** Reads the one-shot message left by the previous request (a POST before its redirect). */
export function readFlash(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = getCookie(c, FLASH_COOKIE);
    c.set("flash", raw ? decode(raw) : null);
    if (raw) deleteCookie(c, FLASH_COOKIE, { path: "/" });
    await next();
  };
}

export function setFlash(c: Context<AppEnv>, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString("base64url"), privateCookie(c, 60));
}

function decode(raw: string): Flash | null {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Flash>;
    const kinds = ["success", "error", "info"];
    if (typeof value.text === "string" && typeof value.kind === "string" && kinds.includes(value.kind)) {
      const flash: Flash = { kind: value.kind, text: value.text.slice(0, 300) };
      const undo = value.undo;
      // Only a plain same-site path and a list of ids: the cookie is ours, but it is read as input.
      if (undo && typeof undo.label === "string" && /^\/[a-z/-]{1,60}$/.test(String(undo.action)) && /^[\d,]{1,400}$/.test(String(undo.items))) {
        flash.undo = { label: undo.label.slice(0, 80), action: undo.action, items: undo.items };
      }
      return flash;
    }
  } catch {
    // A mangled flash cookie is simply ignored.
  }
  return null;
}
