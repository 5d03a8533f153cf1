import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestStore, type TestStore } from "./support/store";
import { openApiDocument, operationsOf, type OpenApiDoc } from "./support/openapi";

// Issue 18 item 9: the OpenAPI document and the API agree. The walk below takes every operation the
// document lists and checks, with no token (all of it happens before authentication and rate limits),
// that what it does not declare is refused: other methods (405 + Allow), query parameters and JSON
// body fields (400 and 422 naming them), path ids outside their documented limits (400 naming the parameter).
let store: TestStore;
let doc: OpenApiDoc;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  doc = await openApiDocument(store);
});
afterAll(() => store.close());

const METHODS = ["get", "post", "put", "patch", "delete"];
const call = (method: string, path: string, init: RequestInit = {}) =>
  store.app.request(`http://localhost/api/v1${path}`, { method: method.toUpperCase(), ...init }, { clientIp: "198.51.100.200" });
const concrete = (template: string, id = "1") => template.replace(/\{[^}]+\}/g, id);
type Problem = { status: number; errors?: { path: string; message: string }[] };

test("every path answers the methods it does not document with 405 and Allow, before authentication", async () => {
  for (const [template, operations] of Object.entries(doc.paths)) {
    const documented = Object.keys(operations).map((m) => m.toUpperCase());
    const allow = new Set([...documented, ...(documented.includes("GET") ? ["HEAD"] : [])]);
    for (const method of METHODS.filter((m) => !operations[m])) {
      const response = await call(method, concrete(template));
      expect({ template, method, status: response.status }).toEqual({ template, method, status: 405 });
      expect(new Set(response.headers.get("allow")!.split(", "))).toEqual(allow);
    }
  }
});

test("every operation refuses a query parameter it does not declare, naming it, before authentication", async () => {
  for (const { method, template, operation } of operationsOf(doc)) {
    const declared = (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    expect(declared).not.toContain("parsley");
    const response = await call(method, `${concrete(template)}?parsley=1`);
    const body = (await response.json()) as Problem;
    expect({ id: operation.operationId, status: response.status, path: body.errors?.[0]?.path }).toEqual({ id: operation.operationId, status: 400, path: "parsley" });
  }
});

test("every path id outside its documented limits is 400 naming the parameter, before authentication (an upload's body unread)", async () => {
  for (const { method, template, operation } of operationsOf(doc)) {
    const ids = (operation.parameters ?? []).filter((p) => p.in === "path") as { name: string; schema?: { minimum?: number; maximum?: number; type?: string } }[];
    for (const parameter of ids.filter((p) => p.schema?.type === "integer")) {
      expect({ id: operation.operationId, name: parameter.name, minimum: parameter.schema?.minimum, maximum: parameter.schema?.maximum }).toEqual({ id: operation.operationId, name: parameter.name, minimum: 1, maximum: 999_999_999_999 });
      for (const bad of ["abc", "0", "1000000000000", "-1", "1.5"]) {
        const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => (name === parameter.name ? bad : "1"));
        const response = await call(method, path, operation.requestBody?.content["multipart/form-data"] ? { body: new FormData(), headers: {} } : {});
        const body = (await response.json()) as Problem;
        expect({ id: operation.operationId, bad, status: response.status, path: body.errors?.[0]?.path }).toEqual({ id: operation.operationId, bad, status: 400, path: parameter.name });
      }
    }
  }
});

test("every JSON body refuses a field it does not declare, naming it, before authentication", async () => {
  for (const { method, template, operation } of operationsOf(doc)) {
    if (!operation.requestBody?.content["application/json"]) continue;
    const response = await call(method, concrete(template), { headers: { "content-type": "application/json" }, body: JSON.stringify({ parsley_sprigs: 3 }) });
    const body = (await response.json()) as Problem;
    expect({ id: operation.operationId, status: response.status, path: body.errors?.[0]?.path }).toEqual({ id: operation.operationId, status: 422, path: "parsley_sprigs" });
  }
});

test("cursors have the documented limit the API enforces", async () => {
  for (const { method, template, operation } of operationsOf(doc)) {
    const cursor = (operation.parameters ?? []).find((p) => p.in === "query" && p.name === "cursor") as { schema?: { maxLength?: number } } | undefined;
    if (!cursor) continue;
    expect({ id: operation.operationId, maxLength: cursor.schema?.maxLength }).toEqual({ id: operation.operationId, maxLength: 200 });
    const response = await call(method, `${concrete(template)}?cursor=${"A".repeat(201)}`);
    expect({ id: operation.operationId, status: response.status }).toEqual({ id: operation.operationId, status: 400 });
  }
});

type JsonSchema = { $ref?: string; type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; additionalProperties?: unknown };

/** Where in a body of this schema an object with declared fields sits: ["items", 0] for a list of them, ["email_preferences"] for one. */
function nestedObjectsOf(schema: JsonSchema, path: (string | number)[] = [], depth = 0): (string | number)[][] {
  const resolved = schema.$ref ? (doc.components as { schemas: Record<string, JsonSchema> }).schemas[schema.$ref.split("/").pop()!]! : schema;
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) return nestedObjectsOf(alternatives.find((option) => option.type !== "null") ?? alternatives[0]!, path, depth);
  if (resolved.items) return nestedObjectsOf(resolved.items, [...path, 0], depth + 1);
  if (!resolved.properties) return [];
  const here = depth > 0 ? [path] : [];
  return [...here, ...Object.entries(resolved.properties).flatMap(([name, property]) => nestedObjectsOf(property, [...path, name], depth + 1))];
}

/** A body with an undeclared field at that place: { items: [{ parsley_sprigs: 3 }] }. */
function bodyWithStrayFieldAt(path: (string | number)[]): unknown {
  if (path.length === 0) return { parsley_sprigs: 3 };
  const [head, ...rest] = path;
  return typeof head === "number" ? [bodyWithStrayFieldAt(rest)] : { [head!]: bodyWithStrayFieldAt(rest) };
}

test("every JSON body refuses an undeclared field inside its nested objects and lists too, naming the whole path", async () => {
  let checked = 0;
  for (const { method, template, operation } of operationsOf(doc)) {
    const media = operation.requestBody?.content["application/json"];
    if (!media) continue;
    for (const place of nestedObjectsOf(media.schema as JsonSchema)) {
      const response = await call(method, concrete(template), { headers: { "content-type": "application/json" }, body: JSON.stringify(bodyWithStrayFieldAt(place)) });
      const body = (await response.json()) as Problem;
      const expected = [...place, "parsley_sprigs"].join(".");
      expect({ id: operation.operationId, status: response.status, paths: body.errors?.map((error) => error.path) }).toEqual({ id: operation.operationId, status: 422, paths: [expected] });
      checked += 1;
    }
  }
  // At least the account's email preferences and an order change's lines.
  expect(checked).toBeGreaterThanOrEqual(2);
});
