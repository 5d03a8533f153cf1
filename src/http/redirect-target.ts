/**
 * The one rule for every place the store redirects a browser to on a shopper's say-so (log-in's
 * `next`, log-out, the OAuth return, two-step sign-in, Referer fallbacks, every redirect after a
 * post): a path on this site, or the fallback. Anything a browser could turn into another origin is
 * refused rather than repaired: control characters (a browser drops a tab or newline inside a URL, so
 * `/<TAB>/evil.example` becomes `//evil.example`), backslashes (read as `/`), spaces and anything
 * outside printable ASCII (a `Location` header cannot carry it), `//` and the same hidden behind
 * percent-encoding. Never throws.
 */
const PRINTABLE_PATH = /^\/[\x21-\x7e]*$/;
const BASE = "http://grocer.invalid";

function looksLocal(path: string): boolean {
  return PRINTABLE_PATH.test(path) && !path.includes("\\") && !path.startsWith("//");
}

function decodedOnce(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

export function safeRedirectPath(target: string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || target.length > 2000 || !looksLocal(target)) return fallback;
  // `/%2F/evil.example`, `/%09/...`, `/%5C...`: what a server or browser that decodes would see.
  const decoded = decodedOnce(target);
  if (decoded === null || /[\x00-\x1f\x7f\\]/.test(decoded) || decoded.startsWith("//")) return fallback;
  if (!URL.canParse(target, BASE)) return fallback;
  const url = new URL(target, BASE);
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The same-site page a request came from (its Referer), as a safe path, or the fallback. */
export function refererPath(referer: string | undefined, requestUrl: string, fallback: string): string {
  if (!referer || !URL.canParse(referer)) return fallback;
  const url = new URL(referer);
  if (url.origin !== new URL(requestUrl).origin) return fallback;
  return safeRedirectPath(`${url.pathname}${url.search}`, fallback);
}
