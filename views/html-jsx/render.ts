import type { HtmlEscapedString } from "hono/utils/html";

/**
 * A JSX runtime that writes HTML as it goes (ADR 093): an element is its escaped string at once,
 * not a tree walked later. For the views on the uncached hot path (the product page and its
 * parts); the HTML is the same as hono/jsx writes (tests/html-jsx.test.ts), and what it gives is
 * hono's own escaped string, so either runtime's components go inside the other's.
 */

type Props = Record<string, unknown> & { children?: unknown };
type Tag = string | ((props: Props) => unknown);
export type Rendered = HtmlEscapedString | Promise<HtmlEscapedString>;

// Elements written without a closing tag when empty, and attributes written bare, as hono/jsx does.
const EMPTY = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"]);
const BOOLEAN = new Set([
  "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default", "defer", "disabled", "download",
  "formnovalidate", "hidden", "inert", "ismap", "itemscope", "loop", "multiple", "muted", "nomodule", "novalidate", "open",
  "playsinline", "readonly", "required", "reversed", "selected", "shadowrootclonable", "shadowrootdelegatesfocus", "shadowrootserializable",
]);
const RENAMED: Record<string, string> = { className: "class", htmlFor: "for", crossOrigin: "crossorigin", httpEquiv: "http-equiv", itemProp: "itemprop", fetchPriority: "fetchpriority", noModule: "nomodule", formAction: "formaction" };
// Names as HTML spells them: SVG's camelCase names and style objects need hono/jsx's context.
// A name once found plain is remembered (up to a bound): the product page checks hundreds a render.
function plainNames(pattern: RegExp, refused: string, bound: number): (name: string) => boolean {
  const known = new Set<string>();
  return (name) => {
    if (known.has(name)) return true;
    if (!pattern.test(name) || name === refused) return false;
    if (known.size < bound) known.add(name);
    return true;
  };
}
const isPlainAttribute = plainNames(/^[a-z][a-z0-9_.:-]*$/, "style", 1024);
const isPlainTag = plainNames(/^[a-z][a-z0-9-]*$/, "svg", 256);

/**
 * Escaped HTML as hono's `raw` makes it, without the callbacks this runtime never has: with hono's
 * `raw` the product page's render took a fifth longer.
 */
function raw(html: string): HtmlEscapedString {
  const rendered = new String(html) as HtmlEscapedString;
  rendered.isEscaped = true;
  return rendered;
}

// Escaped as hono/jsx escapes (its escapeToBuffer; tests/html-jsx.test.ts compares them), by a test
// and a replace: with escapeToBuffer the product page's render took a quarter longer.
const SPECIAL = /[&<>'"]/;
const SPECIALS = /[&<>'"]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&quot;" };
const escaped = (text: string): string => (SPECIAL.test(text) ? text.replace(SPECIALS, (special) => ENTITIES[special]!) : text);

function attributes(tag: string, props: Props): string {
  let out = "";
  for (const key in props) {
    const value = props[key];
    if (key === "children" || value === null || value === undefined) continue;
    const name = RENAMED[key] ?? key;
    if (!isPlainAttribute(name)) throw new TypeError(`<${tag}> ${key}: this runtime writes plain HTML attributes only (ADR 093)`);
    if (typeof value === "string") out += ` ${name}="${escaped(value)}"`;
    else if (typeof value === "number") out += ` ${name}="${value}"`;
    else if (typeof value === "boolean") {
      if (!BOOLEAN.has(name)) out += ` ${name}="${value}"`;
      else if (value) out += ` ${name}=""`;
    } else if (typeof value === "function") {
      if (!name.startsWith("on")) throw new TypeError(`<${tag}> ${key}: a function is not an attribute`);
    } else if (value instanceof String && (value as HtmlEscapedString).isEscaped) out += ` ${name}="${value}"`;
    else throw new TypeError(`<${tag}> ${key}: an attribute is a string, a number or a boolean`);
  }
  return out;
}

/** A child as HTML: a string escaped, escaped HTML (this runtime's or hono's) as it is, or a promise of it. */
function childHtml(child: unknown): string | Promise<string> {
  if (typeof child === "string") return escaped(child);
  if (child === null || child === undefined || typeof child === "boolean") return "";
  if (typeof child === "number") return String(child);
  if (Array.isArray(child)) return childrenHtml(child);
  if (child instanceof Promise) return child.then(childHtml);
  if ((child as { isEscaped?: boolean }).isEscaped) {
    // hono's escaped strings, and its elements, which render on toString.
    const text = (child as { toString(): string | Promise<string> }).toString();
    return typeof text === "string" ? text : text.then(String);
  }
  throw new TypeError(`cannot render ${Object.prototype.toString.call(child)} as HTML`);
}

function childrenHtml(children: readonly unknown[]): string | Promise<string> {
  let out = "";
  let pending: (string | Promise<string>)[] | null = null;
  for (const child of children) {
    const html = childHtml(child);
    if (typeof html === "string" && pending === null) out += html;
    else (pending ??= [out]).push(html);
  }
  return pending === null ? out : Promise.all(pending).then((parts) => parts.join(""));
}

const asHtml = (html: string | Promise<string>): Rendered => (typeof html === "string" ? raw(html) : html.then((text) => raw(text)));

export function Fragment(props: { children?: unknown }): Rendered {
  return asHtml(childHtml(props.children));
}

export function jsx(tag: Tag, props: Props): Rendered {
  if (typeof tag === "function") {
    const result = tag(props);
    return result instanceof String && (result as HtmlEscapedString).isEscaped ? (result as HtmlEscapedString) : asHtml(childHtml(result));
  }
  if (!isPlainTag(tag)) throw new TypeError(`<${tag}>: this runtime writes plain HTML elements only (ADR 093)`);
  const open = `<${tag}${attributes(tag, props)}`;
  const { children } = props;
  const inner = children === undefined ? "" : childHtml(children);
  if (EMPTY.has(tag)) {
    // hono/jsx writes `<br></br>` (two line breaks to a browser) for `<br>{null}</br>`: an empty element has no children.
    if (inner !== "") throw new TypeError(`<${tag}> is an empty element: it cannot have children`);
    return raw(`${open}/>`);
  }
  return typeof inner === "string" ? raw(`${open}>${inner}</${tag}>`) : inner.then((text) => raw(`${open}>${text}</${tag}>`));
}
