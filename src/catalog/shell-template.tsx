import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { escapeToBuffer } from "hono/utils/html";
import { staffAccess } from "../accounts/users";
import type { AppEnv } from "../http/env";
import { joinBytes } from "../http/bytes";
import { acceptsEncoding } from "../http/compression";
import { splicedGzip, type Splicer } from "../http/gzip-splice";
import { Layout } from "../../views/layout";
import { BellCount } from "../../views/shell/bell";
import type { CachedView, FragmentCache } from "./fragment-cache";
import { cardControlsFor, cardForms, type CardForm } from "./card-slots";

const html = async (node: Child) => String(await (<>{node}</>));

// A control character marks the slots: our markup never has one, and every value put in has any
// taken out (U+0001 means nothing in HTML), so a product name cannot open a slot of its own.
const MARK = "\u0001grocer:";
const slot = (name: SlotName) => `${MARK}${name}\u0001`;
type SlotName = "title" | "query" | "body" | "name" | "cart" | "bell";
const inert = (text: string) => (text.includes("\u0001") ? text.replaceAll("\u0001", "\uFFFD") : text);

/** A page with slots, cut at them once: filling it in joins the pieces, without searching the page again. */
type Slotted = { pieces: string[]; names: SlotName[] };

function cutAtSlots(template: string): Slotted {
  const pieces: string[] = [];
  const names: SlotName[] = [];
  let at = 0;
  for (let start = template.indexOf(MARK); start >= 0; start = template.indexOf(MARK, at)) {
    const end = template.indexOf("\u0001", start + MARK.length);
    if (end < 0) break; // cannot happen with inert values; never loop on it
    pieces.push(template.slice(at, start));
    names.push(template.slice(start + MARK.length, end) as SlotName);
    at = end + 1;
  }
  pieces.push(template.slice(at));
  return { pieces, names };
}

/** The slots of a cached page (the shell, a framed page), cut once per cached copy. */
const slottedPages = new WeakMap<CachedView, Slotted>();
function slotsOf(view: CachedView): Slotted {
  let slotted = slottedPages.get(view);
  if (!slotted) slottedPages.set(view, (slotted = cutAtSlots(view.html)));
  return slotted;
}

/** Joined in one go: a flat string, which a response sends without first copying a chain of pieces. */
function fillSlots({ pieces, names }: Slotted, values: Partial<Record<SlotName, string>>): string {
  const parts = [pieces[0]!];
  for (let i = 0; i < names.length; i++) parts.push(values[names[i]!] ?? "", pieces[i + 1]!);
  return parts.join("");
}

const encoder = new TextEncoder();

/**
 * A framed page's pieces as UTF-8, encoded once per cached copy: a shopper's page is then their few
 * bytes copied between the page's, instead of a 30 KB string joined and encoded again per request
 * (the answer is the same bytes; every slot sits between ASCII characters, so no character is cut).
 */
type EncodedSlots = { pieces: Uint8Array[]; names: SlotName[] };
const encodedPages = new WeakMap<CachedView, EncodedSlots>();
function encodedSlotsOf(view: CachedView): EncodedSlots {
  let encoded = encodedPages.get(view);
  if (!encoded) {
    const { pieces, names } = slotsOf(view);
    encodedPages.set(view, (encoded = { pieces: pieces.map((piece) => encoder.encode(piece)), names }));
  }
  return encoded;
}

const encodedValues = (names: SlotName[], values: Partial<Record<SlotName, string>>) => names.map((name) => encoder.encode(values[name] ?? ""));

function fillEncodedSlots({ pieces, names }: EncodedSlots, values: Partial<Record<SlotName, string>>): Uint8Array<ArrayBuffer> {
  const filled = encodedValues(names, values);
  return joinBytes(pieces.flatMap((piece, i) => (i < filled.length ? [piece, filled[i]!] : [piece])));
}

/** Each encoded piece's card forms with their places in bytes, found once per cached copy. */
const cardFormsOfPages = new WeakMap<CachedView, CardForm[][]>();
function encodedCardForms(view: CachedView): CardForm[][] {
  let forms = cardFormsOfPages.get(view);
  if (!forms) {
    const bytesBefore = (text: string, at: number) => encoder.encode(text.slice(0, at)).length;
    forms = slotsOf(view).pieces.map((piece) => cardForms(piece).map((form) => ({ ...form, start: bytesBefore(piece, form.start), end: bytesBefore(piece, form.end) })));
    cardFormsOfPages.set(view, forms);
  }
  return forms;
}

/**
 * A framed page filled in with the visitor's slots and the −/+ controls of the cards of products in
 * their cart, put together from the kept bytes: the page is neither joined as text nor encoded again.
 */
function fillEncodedWithControls(view: CachedView, values: Partial<Record<SlotName, string>>, controls: ReadonlyMap<number, string>): Uint8Array<ArrayBuffer> {
  const { pieces, names } = encodedSlotsOf(view);
  const forms = encodedCardForms(view);
  const filled = encodedValues(names, values);
  const parts: Uint8Array[] = [];
  pieces.forEach((piece, i) => {
    let from = 0;
    for (const form of forms[i]!) {
      const control = controls.get(form.productId);
      if (control === undefined) continue;
      parts.push(piece.subarray(from, form.start), encoder.encode(control));
      from = form.end;
    }
    parts.push(from === 0 ? piece : piece.subarray(from));
    if (i < filled.length) parts.push(filled[i]!);
  });
  return joinBytes(parts);
}

/** A framed page's pieces deflated once per cached copy, for gzip answers spliced per shopper (ADR 080). */
const deflatedPages = new WeakMap<CachedView, Uint8Array[]>();
function gzippedSlots(splicer: Splicer, view: CachedView, values: Partial<Record<SlotName, string>>): Uint8Array<ArrayBuffer> {
  const { pieces, names } = encodedSlotsOf(view);
  let deflated = deflatedPages.get(view);
  if (!deflated) deflatedPages.set(view, (deflated = pieces.map((piece) => splicer.deflatePiece(piece))));
  return splicedGzip(splicer, pieces, deflated, encodedValues(names, values));
}

const escaped = (text: string) => {
  const buffer = [""];
  escapeToBuffer(inert(text), buffer);
  return buffer[0]!;
};

export type ShellKind = "anonymous" | "visitor" | "customer";

/**
 * Which shared shell fits this visitor, or null when theirs must be rendered whole: staff
 * (notification bell, back-office menu) and anyone with a flash message.
 */
export function shellKind(c: Context<AppEnv>, personal: boolean): ShellKind | null {
  if (!personal) return "anonymous";
  if (c.get("flash")) return null;
  const user = c.get("user");
  if (!user) return "visitor";
  const access = staffAccess(user);
  return access === "manager" || access === "admin" ? null : "customer";
}

/**
 * The page shell (header, aisle links, footer) with slots for the title, the search words, the
 * page body and the shopper's name and cart count: rendered once per shelf version for each
 * kind of visitor, then filled in per page by string splicing instead of rendering the layout.
 */
async function shellTemplate(c: Context<AppEnv>, cache: FragmentCache, version: number, kind: ShellKind, searching: boolean): Promise<CachedView> {
  const key = `shell ${kind} ${searching ? "search" : "browse"}`;
  const known = cache.get(version, key);
  if (known) return known;
  const shell = await c.get("shell").data(c, searching ? slot("query") : undefined, { cartCount: 0 });
  shell.storeName = inert(shell.storeName);
  shell.categories = shell.categories.map((aisle) => ({ name: inert(aisle.name), slug: inert(aisle.slug) }));
  shell.user = kind === "customer" ? { name: slot("name"), role: "customer", approved: false } : null;
  shell.unreadNotifications = kind === "customer" ? slot("bell") : null;
  const template = await html(
    <Layout title={slot("title")} shell={{ ...shell, cartCount: slot("cart") }}>
      {raw(slot("body"))}
    </Layout>,
  );
  const view = { title: key, html: template };
  cache.set(version, key, view);
  return view;
}

/**
 * A cached page body in this visitor's shell. The page with only the shopper's own slots left is
 * kept per address too, so a shopper's request splices in just their name and cart count: the
 * anonymous page comes back as a string (the caller keeps it whole), a visitor's as UTF-8 bytes.
 */
export async function fillShell(c: Context<AppEnv>, cache: FragmentCache, version: number, kind: ShellKind, page: CachedView, address: string): Promise<string | Uint8Array<ArrayBuffer> | { gzip: Uint8Array<ArrayBuffer> }> {
  const key = `framed ${kind} ${address}`;
  let framed = cache.get(version, key);
  if (framed === undefined) {
    const template = slotsOf(await shellTemplate(c, cache, version, kind, page.query !== undefined));
    const pageSlots = { title: escaped(page.title), query: escaped(page.query ?? ""), body: inert(page.html) };
    // An anonymous page has no one's name or cart in it: filled in whole at once (the caller keeps it).
    if (kind === "anonymous") return fillSlots(template, { ...pageSlots, name: "", cart: "0", bell: "" });
    framed = { title: page.title, html: fillSlots(template, { ...pageSlots, name: slot("name"), cart: slot("cart"), bell: slot("bell") }) };
    cache.set(version, key, framed);
  }
  const [cartCount, bell] = kind === "anonymous" ? [0, ""] : await Promise.all([c.get("shell").cartCount(c), kind === "customer" ? c.get("shell").unread(c).then(bellHtml) : ""]);
  const values = { name: escaped(c.get("user")?.name ?? ""), cart: String(cartCount), bell };
  // Cards of products in this visitor's cart show their −/+ control, put in between the kept bytes.
  const controls = cartCount > 0 ? await cardControlsFor(c, page, cartCount) : null;
  if (controls?.size) return fillEncodedWithControls(framed, values, controls);
  // gzip put together from the copy's kept pieces costs less than compressing the page (ADR 080).
  const splicer = c.get("compressor")?.splice;
  if (splicer && acceptsEncoding(c.req.header("accept-encoding"), "gzip")) return { gzip: gzippedSlots(splicer, framed, values) };
  return fillEncodedSlots(encodedSlotsOf(framed), values);
}

const bells = new Map<number, Promise<string>>();
/** The bell's count as HTML, rendered once per count. */
function bellHtml(count: number): Promise<string> {
  let known = bells.get(count);
  if (!known) {
    known = html(<BellCount count={count} />);
    if (count < 100) bells.set(count, known);
  }
  return known;
}

/** The whole page rendered for this visitor (staff, or a page carrying a flash message). */
export async function framePage(c: Context<AppEnv>, page: CachedView): Promise<string> {
  const shell = await c.get("shell").data(c, page.query);
  return html(<Layout title={page.title} shell={shell}>{raw(page.html)}</Layout>);
}
