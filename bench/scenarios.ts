/**
 * The wrk scenarios bench/run.ts runs, in order. To add one (add to cart, checkout...), write a
 * wrk Lua script in bench/scenarios/ and add an entry here: `path` is the URL wrk is pointed at,
 * `signedIn` makes the runner log a bench shopper in and pass the session as GROCER_SESSION.
 * Every scenario also gets GROCER_SEARCH_TERMS, GROCER_PRODUCT_SLUGS_FILE, GROCER_PRODUCT_IDS_FILE,
 * GROCER_CART_ADDITIONS_FILE, GROCER_RUN_ID and GROCER_ORIGIN.
 */
export type Scenario = {
  name: string;
  script: string;
  path: string;
  signedIn: boolean;
  target?: string;
  /** GROCER_SESSIONS_FILE for the script: a session per bench shopper, or per checkout shopper with a cart ready. */
  sessions?: "shoppers" | "ready-carts";
};

export const SCENARIOS: Scenario[] = [
  { name: "catalog page, anonymous", script: "catalog-anonymous.lua", path: "/categories/fruit", signedIn: false, target: ">= 10,000 req/s, p99 < 25 ms" },
  { name: "catalog page, signed in", script: "catalog-logged-in.lua", path: "/categories/fruit", signedIn: true, target: ">= 5,000 req/s, p99 < 25 ms" },
  { name: "search page (12 queries)", script: "search.lua", path: "/search", signedIn: false },
  { name: "product page (2,000 products)", script: "product.lua", path: "/products", signedIn: false },
  { name: "add to cart (1,000 shoppers)", script: "add-to-cart.lua", path: "/cart/items", signedIn: false, sessions: "shoppers", target: "p99 < 25 ms" },
  // Last: every order changes stock, so the catalog version moves and the page caches empty.
  { name: "checkout (3-line carts)", script: "checkout.lua", path: "/checkout", signedIn: false, sessions: "ready-carts", target: ">= 1,000 orders/s, p99 < 25 ms" },
];

/** More carts than the fastest checkout run can place, so no request meets an empty cart. */
export const READY_CARTS = 40_000;

export const SEARCH_TERMS = ["banan", "organic+milk", "cheddar", "sour", "salmon", "choc", "fresh+eggs", "basmati", "bananna", "olive+oil", "coffee", "honey"];
