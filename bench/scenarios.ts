/**
 * The wrk scenarios bench/run.ts runs, in order. To add one (add to cart, checkout...), write a
 * wrk Lua script in bench/scenarios/ and add an entry here: `path` is the URL wrk is pointed at,
 * `signedIn` makes the runner log a bench shopper in and pass the session as GROCER_SESSION.
 * Every scenario also gets GROCER_SEARCH_TERMS, GROCER_PRODUCT_SLUGS_FILE, GROCER_PRODUCT_IDS_FILE and GROCER_ORIGIN.
 */
export type Scenario = { name: string; script: string; path: string; signedIn: boolean; target?: string };

export const SCENARIOS: Scenario[] = [
  { name: "catalog page, anonymous", script: "catalog-anonymous.lua", path: "/categories/fruit", signedIn: false, target: ">= 10,000 req/s, p99 < 25 ms" },
  { name: "catalog page, signed in", script: "catalog-logged-in.lua", path: "/categories/fruit", signedIn: true, target: ">= 5,000 req/s, p99 < 25 ms" },
  { name: "search page (12 queries)", script: "search.lua", path: "/search", signedIn: false },
  { name: "product page (2,000 products)", script: "product.lua", path: "/products", signedIn: false },
];

export const SEARCH_TERMS = ["banan", "organic+milk", "cheddar", "sour", "salmon", "choc", "fresh+eggs", "basmati", "bananna", "olive+oil", "coffee", "honey"];
