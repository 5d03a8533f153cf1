/**
 * The scenarios bench/compare.ts measures on Grocer and on the bare reference. `targets` says which
 * servers answer it (the reference serves only the benchmark's reads and checkout); `against`
 * makes the ratio one of the same server's scenarios instead of the reference (signed-in aisle
 * over anonymous aisle); `checkout` counts the orders the store recorded instead of responses.
 */
export type Compared = {
  name: string;
  script: string;
  path: string;
  targets: ("grocer" | "reference")[];
  signedIn?: boolean;
  against?: string;
  checkout?: boolean;
  /** The ratio is over the reference's figures for that scenario (API checkout over the reference's checkout). */
  overReference?: string;
  target: string;
};

const both: Compared["targets"] = ["grocer", "reference"];

export const COMPARED: Compared[] = [
  { name: "API one product", script: "api-product.lua", path: "/api/v1/products", targets: both, target: ">= 0.5" },
  { name: "API aisle list (24)", script: "api-aisle.lua", path: "/api/v1/products", targets: both, target: ">= 0.5" },
  { name: "product page", script: "product.lua", path: "/products", targets: both, target: ">= 0.5" },
  { name: "aisle, anonymous", script: "catalog-anonymous.lua", path: "/categories/fruit", targets: ["grocer"], target: "" },
  { name: "aisle, signed in", script: "catalog-logged-in.lua", path: "/categories/fruit", targets: ["grocer"], signedIn: true, against: "aisle, anonymous", target: ">= 0.6" },
  // Last: every order moves stock, so the catalog version moves and the page caches empty.
  { name: "checkout (orders/s)", script: "checkout.lua", path: "/checkout", targets: both, checkout: true, target: ">= 0.8" },
  // The same carts placed through the API with a Bearer token, over the reference's checkout.
  { name: "API checkout, Bearer (orders/s)", script: "api-checkout.lua", path: "/api/v1/checkout", targets: ["grocer"], checkout: true, overReference: "checkout (orders/s)", target: ">= 0.8" },
];
