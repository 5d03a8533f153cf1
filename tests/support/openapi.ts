import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { Exchange } from "./api";
import type { TestStore } from "./store";

type Media = Record<string, { schema: object }>;
export type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Media };
  responses: Record<string, { content?: Media }>;
};
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>>; components: object };

/** The document the store serves, as clients read it. */
export async function openApiDocument(store: Pick<TestStore, "app">): Promise<OpenApiDoc> {
  return (await (await store.app.request("http://localhost/api/v1/openapi.json")).json()) as OpenApiDoc;
}

/** Every operation of the document with its method and path template. */
export function operationsOf(doc: OpenApiDoc): { method: string; template: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([template, operations]) => Object.entries(operations).map(([method, operation]) => ({ method, template, operation })));
}

/** Finds the documented operation for a concrete path like /orders/12/cancel. */
export function operationFor(doc: OpenApiDoc, method: string, path: string) {
  const bare = path.split("?")[0]!;
  for (const [template, operations] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(bare) && operations[method.toLowerCase()]) return { template, operation: operations[method.toLowerCase()]! };
  }
  return null;
}

/**
 * Checks real answers against the document: the operation exists, documents the status, and the
 * body matches the schema for its media type. Returns what was wrong with each, and which
 * operations answered with a success.
 */
export function checkAgainstDocument(doc: OpenApiDoc, exchanges: Exchange[]) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "grocer-openapi", components: doc.components });
  const compile = (schema: object) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"grocer-openapi#/components/')));
  const succeeded = new Set<string>();
  const failures: string[] = [];
  for (const exchange of exchanges) {
    const found = operationFor(doc, exchange.method, exchange.path);
    if (!found) {
      failures.push(`${exchange.method} ${exchange.path}: not in the document`);
      continue;
    }
    const response = found.operation.responses[String(exchange.status)];
    if (!response) {
      failures.push(`${exchange.method} ${exchange.path}: status ${exchange.status} not documented`);
      continue;
    }
    if (exchange.status < 300) succeeded.add(found.operation.operationId);
    if (!response.content) {
      if (exchange.body !== "") failures.push(`${exchange.method} ${exchange.path}: ${exchange.status} should have no body`);
      continue;
    }
    const mediaType = exchange.contentType.split(";")[0]!;
    const media = response.content[mediaType];
    if (!media) {
      failures.push(`${exchange.method} ${exchange.path}: ${mediaType} not documented for ${exchange.status}`);
      continue;
    }
    const validate = compile(media.schema);
    if (!validate(exchange.body)) failures.push(`${exchange.method} ${exchange.path} ${exchange.status}: ${ajv.errorsText(validate.errors)}`);
  }
  return { failures, succeeded, compile };
}
