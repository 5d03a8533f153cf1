import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";
import { CATEGORY_REQUEST_KINDS, CATEGORY_REQUEST_STATUSES, categoryRequests, users, type CategoryRequest } from "../../db/schema";
import { listRequests } from "./categories";
import { decideRequest } from "./decisions";
import { declineReason } from "./contract";
import { bearerAuth, callerOf, requireStaffRole } from "../../api/bearer";
import { apiRouter } from "../../api/env";
import { refusal } from "../products/api-schema";
import { problems } from "../../api/problem";
import { decodeCursor, encodeCursor, IdParam, listOf, PageQuery } from "../../api/schemas";

/** The admin's queue of managers' category requests (create, rename, delete). */
export const categoryRequestApi = apiRouter();
categoryRequestApi.use("/category-requests", bearerAuth(), requireStaffRole("admin"));
categoryRequestApi.use("/category-requests/*", bearerAuth(), requireStaffRole("admin"));

const Person = z.object({ id: z.number().int(), name: z.string() }).nullable();

export const CategoryRequestSchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    kind: z.enum(CATEGORY_REQUEST_KINDS),
    status: z.enum(CATEGORY_REQUEST_STATUSES),
    category_id: z.number().int().nullable().openapi({ description: "Null once the category is gone (deleted, or a declined new one)." }),
    current_name: z.string().openapi({ description: "The category's name when the request was made.", example: "Snacks" }),
    current_description: z.string(),
    proposed_name: z.string().nullable().openapi({ example: "Snacks & Crisps" }),
    proposed_description: z.string().nullable(),
    reason: z.string().nullable().openapi({ description: "Why it was declined." }),
    requested_by: Person,
    decided_by: Person,
    created_at: z.string().openapi({ format: "date-time" }),
    decided_at: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("CategoryRequest");

type Named = CategoryRequest & { requesterName: string | null; deciderName: string | null };

const personOf = (id: number | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);

export const categoryRequestJson = (row: Named): z.infer<typeof CategoryRequestSchema> => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  category_id: row.categoryId,
  current_name: row.currentName,
  current_description: row.currentDescription,
  proposed_name: row.proposedName,
  proposed_description: row.proposedDescription,
  reason: row.reason,
  requested_by: personOf(row.requestedBy, row.requesterName),
  decided_by: personOf(row.decidedBy, row.deciderName),
  created_at: row.createdAt.toISOString(),
  decided_at: row.decidedAt ? row.decidedAt.toISOString() : null,
});

const requester = alias(users, "requester");
const decider = alias(users, "decider");

/** One request with who made and decided it. */
export async function findCategoryRequest(db: Database, id: number): Promise<Named | null> {
  const [row] = await db
    .select({ request: categoryRequests, requesterName: requester.name, deciderName: decider.name })
    .from(categoryRequests)
    .leftJoin(requester, eq(requester.id, categoryRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, categoryRequests.decidedBy))
    .where(eq(categoryRequests.id, id));
  return row ? { ...row.request, requesterName: row.requesterName, deciderName: row.deciderName } : null;
}

const RequestQuery = PageQuery.extend({
  status: z
    .enum(["pending", "all"], { message: "must be pending or all" })
    .default("pending")
    .openapi({ param: { name: "status", in: "query" }, description: "pending (oldest first, the default) or all (newest first)." }),
});

categoryRequestApi.openapi(
  createRoute({
    method: "get",
    path: "/category-requests",
    operationId: "listCategoryRequests",
    tags: ["Admin"],
    summary: "Managers' category requests (admin)",
    description: "New categories, renames and deletions that managers asked for. Waiting ones first-come first-served; `status=all` adds the decided ones, newest first.",
    request: { query: RequestQuery },
    responses: {
      200: { description: "A page of requests.", content: { "application/json": { schema: listOf(CategoryRequestSchema, "CategoryRequestList") } } },
      ...problems(400, 401, 403),
    },
  }),
  async (c) => {
    const { limit, cursor, status } = c.req.valid("query");
    const [offset = 0] = decodeCursor(cursor, 1) ?? [];
    const rows = await listRequests(c.var.deps.database.db, { status: status === "pending" ? "pending" : undefined, limit: offset + limit + 1 });
    const page = rows.slice(offset, offset + limit);
    return c.json({ items: page.map(categoryRequestJson), next_cursor: rows.length > offset + limit ? encodeCursor([offset + limit]) : null }, 200);
  },
);

const decided = { 200: { description: "The request, now decided.", content: { "application/json": { schema: CategoryRequestSchema } } } };

async function decidedRequest(db: Database, id: number) {
  return categoryRequestJson((await findCategoryRequest(db, id))!);
}

categoryRequestApi.openapi(
  createRoute({
    method: "post",
    path: "/category-requests/{id}/approve",
    operationId: "approveCategoryRequest",
    tags: ["Admin"],
    summary: "Approve a category request (admin)",
    description:
      "A new category goes on the shelves, a rename takes effect, a deletion deletes (refused with 409 while the category still holds products). " +
      "The manager who asked is notified. An already decided request is 409.",
    request: { params: IdParam },
    responses: { ...decided, ...problems(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { database, clock } = c.var.deps;
    const outcome = await decideRequest(database, callerOf(c), id, { approve: true }, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json(await decidedRequest(database.db, id), 200);
  },
);

const Decline = z
  .object({ reason: z.string({ message: "is required: tell the manager why, in a few words" }).pipe(declineReason).openapi({ minLength: 3, maxLength: 300, example: "We already have a Snacks aisle." }) })
  .openapi("CategoryRequestDecline");

categoryRequestApi.openapi(
  createRoute({
    method: "post",
    path: "/category-requests/{id}/decline",
    operationId: "declineCategoryRequest",
    tags: ["Admin"],
    summary: "Decline a category request (admin)",
    description: "The `reason` (3-300 characters) is shown to the manager who asked. A declined new category is removed. An already decided request is 409.",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: Decline } } } },
    responses: { ...decided, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const outcome = await decideRequest(database, callerOf(c), id, { approve: false, reason }, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json(await decidedRequest(database.db, id), 200);
  },
);
