import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { checkAgainstDocument, openApiDocument, operationsOf, type OpenApiDoc, type Operation } from "./support/openapi";
import { stockShelves } from "./support/shop";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

/*
 * Every operation of the OpenAPI document, driven from the document itself: who may call it, and
 * what bad input (ids, bodies, content types, sizes, cursors, limits) gets. Always a clear 4xx
 * problem that the document lists, never a 500. A new route joins these checks by being in ACCESS.
 */

type Access = "public" | "shopper" | "manager" | "admin";

/** Who may call each operation ("shopper": anyone signed in). */
const ACCESS: Record<string, Access> = {
  register: "public",
  createToken: "public",
  refreshToken: "public",
  revokeToken: "public",
  getMe: "shopper",
  updateMe: "shopper",
  changePassword: "shopper",
  listSessions: "shopper",
  endSession: "shopper",
  endOtherSessions: "shopper",
  requestExport: "shopper",
  getExport: "shopper",
  deleteMe: "shopper",
  listCategories: "public",
  getCategory: "public",
  listProducts: "public",
  getProduct: "public",
  getCart: "shopper",
  setCartItem: "shopper",
  removeCartItem: "shopper",
  setCartItemSubstitution: "shopper",
  applyPromoCode: "shopper",
  removePromoCode: "shopper",
  getWishlist: "shopper",
  saveToWishlist: "shopper",
  removeFromWishlist: "shopper",
  checkout: "shopper",
  listOrders: "shopper",
  getOrder: "shopper",
  getOrderInvoice: "shopper",
  listOrderCreditNotes: "shopper",
  cancelOrder: "shopper",
  changeOrder: "shopper",
  moveOrder: "manager",
  listPickLists: "manager",
  startPickingOrder: "manager",
  recordPickLine: "manager",
  suggestSubstitutes: "manager",
  completePickOrder: "manager",
  refundOrder: "manager",
  recordOrderPayment: "manager",
  createProduct: "manager",
  updateProduct: "manager",
  deleteProduct: "manager",
  listProductImages: "manager",
  addProductImages: "manager",
  deleteProductImage: "manager",
  updateProductImage: "manager",
  adjustStock: "manager",
  createCategory: "manager",
  updateCategory: "manager",
  listPromoCodes: "manager",
  createPromoCode: "manager",
  updatePromoCode: "manager",
  salesByProduct: "manager",
  salesOverTime: "manager",
  startReportExport: "manager",
  getReportExport: "manager",
  downloadReportExport: "manager",
  listUsers: "admin",
  updateUser: "admin",
  listCategoryRequests: "admin",
  approveCategoryRequest: "admin",
  declineCategoryRequest: "admin",
  listSlots: "public",
  createSlot: "manager",
  getReservation: "shopper",
  reserveSlot: "shopper",
  releaseReservation: "shopper",
  getSlotSchedule: "manager",
  addTemplateWindow: "manager",
  removeTemplateWindow: "manager",
  setSlotException: "manager",
  removeSlotException: "manager",
  setSlotRules: "manager",
  listDeliveryZones: "manager",
  createDeliveryZone: "manager",
  updateDeliveryZone: "manager",
  listAddresses: "shopper",
  createAddress: "shopper",
  updateAddress: "shopper",
  deleteAddress: "shopper",
};

let store: TestStore;
let doc: OpenApiDoc;
let admin: ApiClient;
let manager: ApiClient;
let shopper: ApiClient;
const clients: ApiClient[] = [];

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  await stockShelves(store);
  doc = await openApiDocument(store);
  admin = new ApiClient(store, "198.51.100.170");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
  const hired = await apiShopper(store, "198.51.100.171");
  expect((await admin.patch(`/users/${hired.user.id}`, { role: "manager" })).status).toBe(200);
  manager = hired.client;
  await logInStaff(manager, store, hired.email, "fresh-produce-123");
  shopper = (await apiShopper(store, "198.51.100.172")).client;
  clients.push(admin, manager, shopper);
});
afterAll(() => store.close());

const operations = () => operationsOf(doc);
const pathParams = (operation: Operation) => (operation.parameters ?? []).filter((param) => param.in === "path").map((param) => param.name);
const concrete = (template: string, values: Record<string, string> = {}) => template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? "1");
const takesJson = (operation: Operation) => Boolean(operation.requestBody?.content["application/json"]);
const hasQuery = (operation: Operation, name: string) => (operation.parameters ?? []).some((param) => param.in === "query" && param.name === name);
const CHECKOUT_KEY = { "idempotency-key": "bad-input-test-key-0001" };
const cursorOf = (value: string) => Buffer.from(value).toString("base64url");

/** Bodies that pass validation, so an unknown id is what the answer is about. */
const validBodies: Record<string, unknown> = {
  setCartItem: { quantity: 1 },
  setCartItemSubstitution: { allow_substitute: true },
  moveOrder: { status: "picked" },
  recordPickLine: { picked: 1 },
  changeOrder: { confirm: false },
  refundOrder: { amount_cents: 1, reason: "A bruised banana" },
  recordOrderPayment: { instrument: "cash", amount_cents: 1 },
  updateUser: { active: true },
  updateProduct: { price_cents: 199 },
  updateProductImage: { alt: "A bunch of ripe bananas" },
  adjustStock: { delta: 1, reason: "delivery" },
  updateCategory: { name: "Fresh Herbs" },
  declineCategoryRequest: { reason: "We have an aisle for that." },
  updatePromoCode: { active: false },
  updateDeliveryZone: { name: "Dublin 2", prefixes: "D02", fee_cents: 0 },
  updateAddress: { line1: "12 Grafton Street", town: "Dublin 2", postcode: "D02 X285" },
  startReportExport: { report: "products" },
};

/** Public operations under /auth are rate limited per address: each gets callers of its own. */
let nextIp = 10;
const callerFor = (operation: Operation) => {
  if (ACCESS[operation.operationId] !== "public") return admin;
  const caller = new ApiClient(store, `203.0.113.${nextIp++}`);
  clients.push(caller);
  return caller;
};

const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
const takesUpload = (operation: Operation) => Boolean(operation.requestBody?.content["multipart/form-data"]);
const basilForm = () => {
  const form = new FormData();
  form.append("image", new File([PNG], "basil.png"));
  return form;
};

/** What every answer in this file must be: a status the document lists for the operation, with a body of its schema. */
function expectAllDocumented(...callers: ApiClient[]) {
  const { failures } = checkAgainstDocument(doc, callers.flatMap((caller) => caller.exchanges));
  expect(failures).toEqual([]);
  for (const caller of callers) expect(caller.exchanges.filter((exchange) => exchange.status >= 500)).toEqual([]);
}

describe("who may call what", () => {
  test("every operation in the document has its access here, and public ones need no token", () => {
    const documented = operations().map(({ operation }) => operation.operationId).sort();
    expect(documented).toEqual(Object.keys(ACCESS).sort());
    for (const { operation } of operations()) {
      expect({ id: operation.operationId, public: (operation.security ?? null)?.length === 0 }).toEqual({ id: operation.operationId, public: ACCESS[operation.operationId] === "public" });
    }
  });

  test("no token, or a bad one: 401 with WWW-Authenticate on every private operation", async () => {
    const anonymous = new ApiClient(store, "198.51.100.173");
    for (const { method, template, operation } of operations()) {
      if (ACCESS[operation.operationId] === "public") continue;
      for (const token of [null, "not.a.token", "Bearer"]) {
        const answer = await anonymous.call(method.toUpperCase(), concrete(template), { body: takesJson(operation) ? {} : undefined, token, headers: CHECKOUT_KEY });
        expectProblem(answer, 401);
        expect(answer.headers.get("www-authenticate")).toContain("Bearer");
      }
    }
    expectAllDocumented(anonymous);
  });

  test("a shopper gets 403 on every staff operation, a manager on every admin one", async () => {
    const before = shopper.exchanges.length;
    for (const { method, template, operation } of operations()) {
      const access = ACCESS[operation.operationId];
      const callers = access === "manager" ? [shopper] : access === "admin" ? [shopper, manager] : [];
      for (const caller of callers) {
        const answer = await caller.call(method.toUpperCase(), concrete(template), { body: {} });
        expect(expectProblem(answer, 403).detail).toBe(access === "admin" ? "Only the admin may do this." : "Only approved store managers may do this.");
      }
    }
    expect(shopper.exchanges.length - before).toBe(Object.values(ACCESS).filter((access) => access === "manager" || access === "admin").length);
    expectAllDocumented(shopper, manager);
  });
});

describe("bad input is a clear 4xx on every operation", () => {
  test("path ids that are not positive whole numbers are 400 naming the parameter", async () => {
    let checked = 0;
    for (const { method, template, operation } of operations()) {
      for (const name of pathParams(operation)) {
        for (const bad of ["abc", "-1", "1.5", "1e3", "1234567890123", "%20"]) {
          const path = concrete(template, { [name]: bad });
          const answer = await admin.call(method.toUpperCase(), path, takesUpload(operation) ? { form: basilForm() } : { body: takesJson(operation) ? {} : undefined });
          expect({ operation: operation.operationId, bad, paths: expectProblem(answer, 400).errors!.map((error) => error.path) }).toEqual({ operation: operation.operationId, bad, paths: [name] });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expectAllDocumented(admin);
  });

  test("a JSON body that is malformed is 400, of another type 415, over 64 KB 413", async () => {
    const big = JSON.stringify({ name: "Bananas ".repeat(9_000) });
    for (const { method, template, operation } of operations().filter(({ operation }) => takesJson(operation))) {
      const path = concrete(template);
      const caller = callerFor(operation);
      const call = (raw: string, contentType = "application/json") => caller.call(method.toUpperCase(), path, { raw, headers: { ...CHECKOUT_KEY, "content-type": contentType } });
      for (const raw of ["{", '{"quantity": 1,}', "{'quantity': 1}", "\u0000"]) {
        expect(expectProblem(await call(raw), 400).detail).toBe("The request body is not valid JSON.");
      }
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"]) {
        expect(expectProblem(await call('{"quantity":1}', contentType), 415).detail).toBe("Send the body as application/json.");
      }
      expect(expectProblem(await call(big), 413).detail).toContain("64 KB");
      // A JSON document that is not an object names the body.
      for (const raw of ["[]", "null", '"bananas"', "42"]) expect(expectProblem(await call(raw), 422).errors![0]!.path).toBe("body");
    }
    expectAllDocumented(...clients);
  });

  test("an upload that is not readable multipart is a 4xx too", async () => {
    const path = "/products/1/images";
    const garbage = await admin.call("POST", path, { raw: "not multipart at all", headers: { "content-type": "multipart/form-data; boundary=grocer" } });
    expect(expectProblem(garbage, 400).detail).toBe("The multipart/form-data body could not be read; send each file as an `image` part.");
    // Not multipart and over the JSON limit: refused unread.
    expectProblem(await admin.call("POST", path, { raw: "x".repeat(70_000), headers: { "content-type": "text/plain" } }), 413);
    expectProblem(await admin.call("POST", path, { raw: "x".repeat(100), headers: { "content-type": "text/plain" } }), 415);
    expectAllDocumented(admin);
  });

  test("forged or foreign cursors are 400 naming cursor on every list", async () => {
    const forged = ["garbage!", "[-1]", "[-1,5]", "[1.5]", "[1.5,5]", "[1e300]", "[1e300,5]", '["a"]', '["a",1]', "[]", "[1,2,3]", "{}", "null", "[9007199254740993,1]"];
    const lists = operations().filter(({ operation }) => hasQuery(operation, "cursor"));
    expect(lists.length).toBeGreaterThanOrEqual(8);
    for (const { template, operation } of lists) {
      for (const value of forged) {
        const cursor = value === "garbage!" ? value : cursorOf(value);
        const answer = await admin.get(`${template}?cursor=${encodeURIComponent(cursor)}`);
        expect({ list: operation.operationId, value, status: answer.status }).toEqual({ list: operation.operationId, value, status: 400 });
        expect(expectProblem(answer, 400).errors).toEqual([{ path: "cursor", message: "is not a cursor this API gave out for this list" }]);
      }
    }
    expectAllDocumented(admin);
  });

  test("limit outside 1-100, or not a whole number, is 400 naming limit on every list; the default is 24", async () => {
    for (const { template, operation } of operations().filter(({ operation }) => hasQuery(operation, "limit"))) {
      for (const limit of ["0", "101", "-5", "1.5", "ten", "1e400"]) {
        expect(expectProblem(await admin.get(`${template}?limit=${limit}`), 400).errors![0]!.path).toBe("limit");
      }
      expect(operation.parameters!.find((param) => param.name === "limit")).toMatchObject({ schema: { default: 24, minimum: 1, maximum: 100 } });
    }
    expectAllDocumented(admin);
  });

  test("free_from and diet take only their listed values: anything else is 400 naming the parameter", async () => {
    const lists = operations().filter(({ operation }) => hasQuery(operation, "free_from") && hasQuery(operation, "diet"));
    expect(lists.map(({ operation }) => operation.operationId)).toEqual(["listProducts"]);
    for (const { template } of lists) {
      for (const [name, value] of [["free_from", "pork"], ["free_from", "milk,,walnut"], ["diet", "keto"], ["free_from", "x".repeat(500)], ["diet", "vegan&diet=raw"]]) {
        const answer = await admin.get(`${template}?${name}=${value}`);
        expect(expectProblem(answer, 400).errors![0]!.path).toBe(name!);
      }
      expect((await admin.get(`${template}?free_from=MILK&free_from=peanuts,&diet=vegan`)).status).toBe(200);
    }
    expectAllDocumented(admin);
  });

  test("huge, tiny and non-finite numbers are 422 on their field, with a message that fits", async () => {
    const milk = (await admin.get("/products?sort=price_asc&limit=1")).json.items[0].id as number;
    const cases: [string, string, string, string, RegExp][] = [
      ["POST", "/products", '{"name":"Big Melons","category_id":1,"price_cents":100,"unit":"kg","stock":1e15}', "stock", /less than 1000000000/],
      ["POST", "/products", '{"name":"Big Melons","category_id":1,"price_cents":1e300,"unit":"kg"}', "price_cents", /at most 999999999 cents/],
      ["POST", "/products", '{"name":"Big Melons","category_id":1e400,"price_cents":100,"unit":"kg"}', "category_id", /category/],
      ["PATCH", `/products/${milk}`, '{"step":1e21}', "step", /less than 1000000000/],
      ["PATCH", `/products/${milk}`, '{"low_stock_threshold":5e-324}', "low_stock_threshold", /3 decimals/],
      ["POST", `/products/${milk}/stock`, '{"delta":1e21,"reason":"delivery"}', "delta", /less than 1000000000/],
      ["POST", `/products/${milk}/stock`, '{"delta":-1e400,"reason":"spoilage"}', "delta", /.+/],
      ["PUT", `/cart/items/${milk}`, '{"quantity":1e21}', "quantity", /.+/],
      ["PUT", `/cart/items/${milk}`, '{"quantity":1e-7}', "quantity", /.+/],
      ["POST", "/promo-codes", '{"code":"HUGE10","kind":"fixed","amount_off_cents":1e300}', "amount_off_cents", /at most 999999999/],
      ["POST", "/promo-codes", '{"code":"HUGE10","kind":"percent","percent_off":10,"usage_limit":1e21}', "usage_limit", /at most 999999999/],
      ["POST", "/promo-codes", '{"code":"HUGE10","kind":"percent","percent_off":12.5}', "percent_off", /whole number/],
    ];
    for (const [method, path, raw, field, message] of cases) {
      const problem = expectProblem(await admin.call(method, path, { raw }), 422);
      expect({ raw, paths: [...new Set(problem.errors!.map((error) => error.path))] }).toEqual({ raw, paths: [field] });
      expect(problem.errors![0]!.message).toMatch(message);
    }
    expectAllDocumented(admin);
  });

  test("unknown ids are 404 problems on every operation that takes one", async () => {
    for (const { method, template, operation } of operations()) {
      const names = pathParams(operation);
      if (names.length === 0) continue;
      const values = Object.fromEntries(names.map((name) => [name, "999999999"]));
      const body = takesJson(operation) ? (validBodies[operation.operationId] ?? {}) : undefined;
      const answer = await admin.call(method.toUpperCase(), concrete(template, values), takesUpload(operation) ? { form: basilForm() } : { body });
      expect({ operation: operation.operationId, status: answer.status }).toEqual({ operation: operation.operationId, status: 404 });
      expectProblem(answer, 404);
    }
    expectAllDocumented(admin);
  });
});
