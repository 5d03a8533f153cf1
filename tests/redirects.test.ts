// Every redirect target is decided by one function (src/http/redirect-target.ts): a path on this
// site or the fallback, never a 500 (issue 18, item 2). The Chromium check is tests/browser/redirects.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { refererPath, safeRedirectPath } from "../src/http/redirect-target";
import { newShopper, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, type TestStore } from "./support/store";

/** Values a hostile link can put in `next`; each must fall back to the home page. */
export const HOSTILE_TARGETS = [
  "//evil.example",
  "///evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\nSet-Cookie: a=b",
  "\t//evil.example",
  " /evil",
  "/\\evil.example",
  "\\\\evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d%0aSet-Cookie:a=b",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%5Cevil.example",
  "%2F%2Fevil.example",
  "https://evil.example/",
  "http:evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "data:text/html,hi",
  "evil.example",
  "/\u3002evil.example",
  "/\uff0f\uff0fevil.example",
  "/\u2215\u2215evil.example",
  "/caf\u00e9",
  "/\u0000",
  "/\u007f",
  "/%",
  "/%E0%A4%A",
  "",
  "/" + "a".repeat(3000),
];

const SAFE_TARGETS: [string, string][] = [
  ["/", "/"],
  ["/account", "/account"],
  ["/manage/orders?status=placed", "/manage/orders?status=placed"],
  ["/search?q=a%2Fb", "/search?q=a%2Fb"],
  ["/products/whole-milk#reviews", "/products/whole-milk#reviews"],
  ["/categories/fruit/../dairy", "/categories/dairy"],
];

describe("safeRedirectPath", () => {
  for (const target of HOSTILE_TARGETS) {
    test(`refuses ${JSON.stringify(target.slice(0, 40))}`, () => {
      expect(safeRedirectPath(target)).toBe("/");
      expect(safeRedirectPath(target, "/cart")).toBe("/cart");
    });
  }
  for (const [target, expected] of SAFE_TARGETS) {
    test(`keeps ${target}`, () => expect(safeRedirectPath(target)).toBe(expected));
  }
  test("refuses what is not a string", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
  });
});

describe("refererPath", () => {
  const here = "http://localhost/cart/items";
  test("a page of this site, as a path", () => expect(refererPath("http://localhost/categories/fruit?sort=price_asc", here, "/cart")).toBe("/categories/fruit?sort=price_asc"));
  test("another site, garbage, or a hostile path: the fallback", () => {
    expect(refererPath("https://evil.example/x", here, "/cart")).toBe("/cart");
    expect(refererPath("not a url", here, "/cart")).toBe("/cart");
    expect(refererPath("http://localhost//evil.example", here, "/cart")).toBe("/cart");
    expect(refererPath(undefined, here, "/cart")).toBe("/cart");
  });
});

describe("on the pages", () => {
  let store: TestStore;
  let shelves: Shelves;
  const SHOPPER = { name: "Nina Next", email: "nina.next@example.com", password: "fresh-produce-123" };
  beforeAll(async () => {
    store = await createTestStore({ seed: false });
    shelves = await stockShelves(store);
    await store.agent().signUp(SHOPPER);
  });
  afterAll(() => store.close());

  test("log-in with every hostile next lands on / (303, never a 500); a safe next is kept", async () => {
    for (const next of HOSTILE_TARGETS) {
      const agent = store.agent();
      const response = await agent.post("/login", { ...SHOPPER, next });
      expect({ next, status: response.status, location: response.headers.get("location") }).toEqual({ next, status: 303, location: "/" });
      // Already signed in: GET /login?next= redirects at once, by the same rule.
      const again = await agent.get(`/login?next=${encodeURIComponent(next)}`);
      expect({ next, status: again.status, location: again.headers.get("location") }).toEqual({ next, status: 303, location: "/" });
    }
    const kept = await store.agent().post("/login", { ...SHOPPER, next: "/account" });
    expect(kept.headers.get("location")).toBe("/account");
    }, 120_000);

  test("a hostile Referer on add-to-cart goes back to the cart, not elsewhere and not a 500", async () => {
    const { agent } = await newShopper(store);
    for (const referer of ["http://localhost//evil.example", "http://localhost/%2F/evil.example", "https://evil.example/"]) {
      const response = await agent.post("/cart/items", { product_id: String(shelves.milk.id), quantity: "1" }, { referer });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/cart");
    }
  });

  test("the OAuth start keeps only a safe next", async () => {
    const response = await store.agent().get(`/auth/google/start?next=${encodeURIComponent("/\t/evil.example")}`);
    expect(response.status).toBeLessThan(500);
  });
});
