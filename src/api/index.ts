import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { meApi } from "../accounts/me-api";
import { authApi } from "./auth";
import { jsonBodyLimit } from "./body-limit";
import { cartApi } from "../cart/api";
import { categoryApi } from "../catalog/api/categories";
import { categoryRequestApi } from "../catalog/categories/requests-api";
import { checkoutApi } from "../checkout/api";
import { docsPage } from "./docs-page";
import { apiRouter } from "./env";
import { manageCategoryApi } from "../catalog/categories/api";
import { manageProductApi } from "../catalog/products/api";
import { describeApi } from "./openapi";
import { orderApi } from "../orders/api";
import { pickingApi } from "../picking/api";
import { paymentApi } from "../payments/api";
import { invoiceApi } from "../invoices/api";
import { creditNoteApi } from "../invoices/credit-notes-api";
import { orderChangeApi } from "../orders/changes-api";
import { ApiProblem, problemResponse } from "./problem";
import { productImageApi } from "../catalog/products/images-api";
import { productApi } from "../catalog/api/products";
import { promoApi } from "../promotions/api";
import { reportApi } from "../reports/api";
import { reportExportApi } from "../reports/export-api";
import { routeFallback } from "./fallback";
import { contractGate } from "./contract-gate";
import { stockApi } from "../inventory/api";
import { userApi } from "../accounts/users-api";
import { wishlistApi } from "../wishlist/api";
import { slotApi } from "../fulfilment/api";
import { placesApi } from "../fulfilment/places-api";
import { scheduleApi } from "../fulfilment/schedule-api";

/** Whether a path is the API's: its errors are answered as problems (application/problem+json), not as pages. */
export const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

/** The API's one HTML page, its reference: a document, with a document's security headers. */
export const API_DOCS_PATH = "/api/docs";

/** The JSON API (/api/v1) and its reference page (/api/docs). Cookies are never read here. */
export function apiRoutes() {
  const v1 = apiRouter();
  v1.use(async (c, next) => {
    c.set("apiUser", null);
    c.set("apiSignInId", null);
    await next();
    // Tokens, carts and orders are private: nothing is stored unless a route says otherwise (catalog reads do).
    if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", "no-store");
  });
  v1.use(jsonBodyLimit);
  // Before every route's own middleware (authentication, rate limits): the contract the document states.
  v1.use(contractGate(v1));
  const parts = [
    ...[authApi, meApi, categoryApi, productApi, cartApi, wishlistApi, checkoutApi, orderApi, pickingApi, paymentApi, invoiceApi, creditNoteApi, orderChangeApi, userApi],
    ...[manageProductApi, productImageApi, stockApi, manageCategoryApi, categoryRequestApi, promoApi, reportApi, reportExportApi],
    ...[slotApi, scheduleApi, placesApi],
  ];
  for (const part of parts) v1.route("/", part);
  describeApi(v1);
  v1.all("*", routeFallback(v1));
  // No v1.onError: Hono would wrap each of the API's handlers in a composer of its own on every
  // request (a fifth of a one-product read). The app's one error handler answers API paths with
  // apiErrorHandler (src/app.ts).

  const api = new Hono<AppEnv>();
  api.route("/v1", v1);
  api.get(API_DOCS_PATH.slice("/api".length), docsPage);
  // /api/v2, /api/, ...: a problem too, not the shop's HTML 404 page.
  api.all("*", (c) =>
    problemResponse(new ApiProblem(404, "Not Found", `There is no API at ${c.req.path}. The API is /api/v1 (see /api/v1/openapi.json), its reference /api/docs.`)),
  );
  return api;
}
