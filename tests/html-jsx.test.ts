import { describe, expect, test } from "bun:test";
import { raw } from "hono/html";
import { jsxDEV as honoJsx, Fragment as HonoFragment } from "hono/jsx/jsx-dev-runtime";
import { Fragment, jsx } from "../views/html-jsx/render";

// The string-writing JSX runtime (ADR 093) must write exactly the HTML hono/jsx writes: the same
// element, attributes and children are given to both, as the compiler would, and compared.

type Props = Record<string, unknown>;
const ours = async (tag: string, props: Props) => String(await jsx(tag, props));
const hono = async (tag: string, props: Props) => String(await honoJsx(tag, props).toString());

const nasty = `Tom's "best" <b>fish</b> & chips`;
const attributeValues: Record<string, unknown[]> = {
  class: ["card", "", nasty, null, undefined],
  "aria-current": [true, false, "page"],
  "aria-label": [nasty, 0, 12.5],
  checked: [true, false],
  disabled: [true, false, "disabled"],
  hidden: [true, false],
  value: [0, -3, 1.25, "", nasty],
  "hx-post": ["/cart/lines?x=1&y=2"],
  "hx-on::after-request": ["this.reset()"],
  className: ["renamed"],
  htmlFor: ["field-id"],
  formAction: ["/elsewhere"],
  title: [raw("already &amp; escaped")],
  onclick: [() => "never written"],
};
const childrenCases: unknown[] = [
  undefined,
  null,
  false,
  true,
  0,
  42,
  "",
  nasty,
  [nasty, 1, null, ["nested", [false, "deeper <i>"]]],
  raw("<em>kept as it is</em>"),
  [raw("<br>"), "x"],
];

describe("the HTML is hono/jsx's", () => {
  test("every attribute value on ordinary and empty elements", async () => {
    let compared = 0;
    for (const tag of ["div", "input", "button", "img", "option", "label", "form"]) {
      for (const [name, values] of Object.entries(attributeValues)) {
        for (const value of values) {
          expect(await ours(tag, { [name]: value })).toBe(await hono(tag, { [name]: value }));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  test("several attributes in the order written", async () => {
    const props = { id: "qty-3", type: "number", min: 0, step: "0.1", required: true, readonly: false, "aria-describedby": "qty-3-hint", name: "quantity" };
    expect(await ours("input", props)).toBe(await hono("input", props));
    expect(await ours("input", props)).toBe(`<input id="qty-3" type="number" min="0" step="0.1" required="" aria-describedby="qty-3-hint" name="quantity"/>`);
  });

  test("every kind of child", async () => {
    for (const tag of ["p", "li", "textarea", "button"]) {
      for (const children of [...childrenCases, []]) {
        const props = children === undefined ? {} : { children };
        expect(await ours(tag, props)).toBe(await hono(tag, props));
      }
    }
  });

  test("an empty element closes itself and takes no children", async () => {
    for (const tag of ["br", "img", "input", "meta"]) {
      expect(await ours(tag, {})).toBe(await hono(tag, {}));
      expect(await ours(tag, {})).toBe(`<${tag}/>`);
      // hono/jsx writes <br></br> for some of these, which a browser reads as two line breaks.
      for (const nothing of [null, false, "", [], [null]]) expect(await ours(tag, { children: nothing })).toBe(`<${tag}/>`);
      expect(() => jsx(tag, { children: "text" })).toThrow(TypeError);
    }
  });

  test("fragments and components, with the children the compiler passes them", async () => {
    const Price = (props: { cents: number; children?: unknown }) => (props.cents > 0 ? ["€", (props.cents / 100).toFixed(2), props.children] : null);
    for (const cents of [0, 199]) {
      const mine = jsx(Fragment as never, { children: [jsx(Price as never, { cents, children: jsx("small", { children: nasty }) }), "after"] });
      const theirs = honoJsx(HonoFragment, { children: [honoJsx(Price, { cents, children: honoJsx("small", { children: nasty }) }), "after"] });
      expect(String(await mine)).toBe(String(await theirs.toString()));
    }
  });

  test("hono's elements inside ours and ours inside hono's", async () => {
    const inner = { class: "note", children: ["a & b", 3] };
    const mixedOne = jsx("section", { children: [honoJsx("p", inner), "tail"] });
    const mixedOther = honoJsx("section", { children: [jsx("p", inner), "tail"] });
    const honoOnly = honoJsx("section", { children: [honoJsx("p", inner), "tail"] });
    expect(String(await mixedOne)).toBe(String(await honoOnly.toString()));
    expect(String(await mixedOther.toString())).toBe(String(await honoOnly.toString()));
    // A hono element that renders later (an async component inside) is waited for.
    const Later = async () => raw("<i>later</i>");
    const waited = jsx("div", { children: honoJsx("p", { children: honoJsx(Later, {}) }) });
    expect(waited).toBeInstanceOf(Promise);
    expect(String(await waited)).toBe("<div><p><i>later</i></p></div>");
  });

  test("a promise among the children makes the element a promise of the same HTML", async () => {
    const later = Promise.resolve(raw("<b>later</b>"));
    const rendered = jsx("div", { children: ["before ", later, " after"] });
    expect(rendered).toBeInstanceOf(Promise);
    expect(String(await rendered)).toBe(String(await honoJsx("div", { children: ["before ", Promise.resolve(raw("<b>later</b>")), " after"] }).toString()));
  });
});

describe("what it refuses rather than writing different HTML", () => {
  test.each([
    ["a style object", "div", { style: { color: "red" } }],
    ["a style string", "div", { style: "color: red" }],
    ["an SVG element", "svg", { viewBox: "0 0 1 1" }],
    ["a camelCase attribute", "div", { tabIndex: 0 }],
    ["inner HTML by prop", "div", { dangerouslySetInnerHTML: { __html: "<b>x</b>" } }],
    ["a function that is not an event handler", "form", { action: () => "x" }],
    ["an object attribute", "div", { "data-x": { a: 1 } }],
    ["an object child", "div", { children: { a: 1 } }],
  ])("%s", (_, tag, props) => {
    expect(() => jsx(tag, props as Props)).toThrow(TypeError);
  });
});
