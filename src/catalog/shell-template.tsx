import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { escapeToBuffer } from "hono/utils/html";
import { staffAccess } from "../accounts/users";
import type { AppEnv } from "../http/env";
import { countCartLines, shellData } from "../http/render";
import { Layout } from "../../views/layout";

const html = async (node: Child) => String(await (<>{node}</>));

const BODY_SLOT = "<!--grocer:shelf-->";
// Control characters never come out of our own markup or the escaper, so they mark the visitor's fields safely.
const NAME_SLOT = "\u0001grocer:name\u0001";
const CART_SLOT = "\u0001grocer:cart\u0001";

/** Frames a cached shelf in the full page shell, rendered for this visitor. */
export async function framePage(c: Context<AppEnv>, page: { title: string; html: string; query?: string }): Promise<string> {
  const shell = await shellData(c, page.query);
  const framed = await html(<Layout title={page.title} shell={shell}>{raw(BODY_SLOT)}</Layout>);
  return spliceBody(framed, page.html);
}

/**
 * Which shared shell template fits this visitor, or null when theirs must be rendered whole: staff
 * (notification bell, back-office menu) and anyone with a flash message.
 */
export function templateKind(c: Context<AppEnv>): "visitor" | "customer" | null {
  if (c.var.flash) return null;
  const user = c.var.user;
  if (!user) return "visitor";
  const access = staffAccess(user);
  return access === "manager" || access === "admin" ? null : "customer";
}

/**
 * A page with the shelf in place and slots for the visitor's name and cart count: the same for
 * every shopper, so it is rendered once per catalog version and address instead of per request.
 */
export async function pageTemplate(c: Context<AppEnv>, kind: "visitor" | "customer", page: { title: string; html: string; query?: string }): Promise<string> {
  const shell = await shellData(c, page.query, { cartCount: 0 });
  shell.user = kind === "customer" ? { name: NAME_SLOT, role: "customer", approved: false } : null;
  const framed = await html(<Layout title={page.title} shell={{ ...shell, cartCount: CART_SLOT }}>{raw(BODY_SLOT)}</Layout>);
  return spliceBody(framed, page.html);
}

/** Fills a template's slots with this visitor's own values. */
export async function fillTemplate(c: Context<AppEnv>, template: string): Promise<string> {
  const count = String(await countCartLines(c));
  let page = template.replace(CART_SLOT, () => count);
  const user = c.var.user;
  if (user) {
    const escaped = [""];
    escapeToBuffer(user.name, escaped);
    page = page.replace(NAME_SLOT, () => escaped[0]!);
  }
  return page;
}

function spliceBody(framed: string, body: string): string {
  const slot = framed.indexOf(BODY_SLOT);
  return framed.slice(0, slot) + body + framed.slice(slot + BODY_SLOT.length);
}
