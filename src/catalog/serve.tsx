import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { escapeToBuffer } from "hono/utils/html";
import type { AppDeps, AppEnv } from "../http/env";
import { renderPage, wantsFragment } from "../http/render";
import { pathAndQuery } from "../http/address";
import { compressedCopy, sendCompressed } from "../http/compression";
import { catalogEtag, etagMatches } from "./etag";
import { FragmentCache } from "./fragment-cache";
import { catalogDay } from "./food-info/facts";
import { shelfVersion } from "./queries";
import { fillShell, framePage, shellKind } from "./shell-template";
import { cardControlsFor, withCardControls } from "./card-slots";

const HTML = "text/html; charset=UTF-8";

/** What a catalog route shows; only 200s are cached. */
export type CatalogView = { title: string; body: Child; status?: ContentfulStatusCode; query?: string };

/** HX-Target of a fragment request ("div#search-results"), or null for a full page. */
export type Variant = string | null;

// One cache per built app (per deps), never shared between apps in one process (tests build many).
const caches = new WeakMap<AppDeps, FragmentCache>();
const cacheFor = (deps: AppDeps) => {
  let cache = caches.get(deps);
  if (!cache) caches.set(deps, (cache = new FragmentCache()));
  return cache;
};

/** Signed in, a flash message, or any store cookie (session, cart...): the shell is this visitor's own. */
function isPersonal(c: Context<AppEnv>): boolean {
  if (c.get("user") || c.get("flash")) return true;
  return Object.keys(getCookie(c)).some((name) => name.startsWith("grocer_"));
}

const html = async (node: Child) => String(await (<>{node}</>));

/** htmx takes a fragment's <title> for the tab and the history entry (search as you type changes the page). */
function titleTag(title: string, storeName: string): string {
  const buffer = [""];
  escapeToBuffer(`${title} · ${storeName}`, buffer);
  return `<title>${buffer[0]}</title>`;
}

/**
 * Serves a catalog page or its htmx fragment. The body (the shelves) depends only on the URL and
 * the shelf version (queries.ts), so it is cached for everyone, and framed in a shell rendered once per
 * version and kind of visitor (shell-template.tsx). Anonymous visitors also get whole cached pages,
 * ETags and 304s; shoppers get their name and cart count filled in; staff and pages carrying a
 * flash message get their shell rendered whole.
 */
export async function serveCatalog(c: Context<AppEnv>, build: (variant: Variant) => Promise<CatalogView>) {
  const cache = cacheFor(c.get("deps"));
  const version = await shelfVersion(c.get("deps").database.db);
  const variant: Variant = wantsFragment(c) ? (c.req.header("hx-target") ?? "") : null;
  // The day is part of the address: "recipe changed" notes end with a day, not with a catalog write.
  const address = `${variant === null ? "page" : `fragment:${variant}`} d${catalogDay(c.get("deps").clock.now())} ${pathAndQuery(c.req.url)}`;
  const personal = isPersonal(c);
  const etag = catalogEtag(c.get("deps").config.DEPLOY_ID, version, address);
  const headers = () => {
    c.header("Vary", "HX-Request, HX-Target, Cookie");
    c.header("Cache-Control", personal ? "private, no-cache" : "public, no-cache");
    if (!personal) c.header("ETag", etag);
  };

  if (!personal) {
    if (etagMatches(c.req.header("if-none-match"), etag)) {
      headers();
      return c.body(null, 304);
    }
    const whole = cache.get(version, `whole ${address}`);
    if (whole) {
      headers();
      const copy = compressedCopy(c, whole, whole.html, "catalog");
      return copy ? sendCompressed(c, copy, HTML) : c.html(whole.html);
    }
  }

  let body = cache.get(version, `body ${address}`);
  const firstRender = body === undefined;
  if (!body) {
    const view = await build(variant);
    if ((view.status ?? 200) !== 200) return renderPage(c, view.title, view.body, { status: view.status, query: view.query });
    body = { title: view.title, html: await html(view.body), query: view.query };
    cache.set(version, `body ${address}`, body);
  }
  headers();
  if (variant !== null) {
    const shelves = personal ? withCardControls(body.html, await cardControlsFor(c, body)) : body.html;
    return c.html(titleTag(body.title, c.get("deps").config.STORE_NAME) + shelves);
  }
  const kind = shellKind(c, personal);
  if (kind === null) return c.html(await framePage(c, { ...body, html: withCardControls(body.html, await cardControlsFor(c, body)) }));
  const page = await fillShell(c, cache, version, kind, body, address);
  if (page instanceof Uint8Array) return c.body(page, 200, { "Content-Type": HTML });
  if (typeof page !== "string") return sendCompressed(c, { encoding: "gzip", bytes: page.gzip }, HTML);
  // Kept whole, with its compressed copies, from an address's second request: most product pages
  // are asked for once between two catalog writes, and keeping each twice (body and page) halved
  // what the cache holds. A first answer is compressed as any response is (ADR 094).
  if (firstRender) return c.html(page);
  const whole = { title: body.title, html: page };
  cache.set(version, `whole ${address}`, whole);
  const copy = compressedCopy(c, whole, page, "catalog");
  return copy ? sendCompressed(c, copy, HTML) : c.html(page);
}
