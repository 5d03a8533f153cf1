import { createRoute, z } from "@hono/zod-openapi";
import { applyPeopleAction, listPeople, type PeopleAction } from "./people";
import { findUserById } from "./users";
import type { User } from "../db/schema";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, problems } from "../api/problem";
import { IdParam, listOf, PageQuery, pageOf } from "../api/schemas";

export const userApi = apiRouter();
userApi.use("/users", bearerAuth(), requireStaffRole("admin"));
userApi.use("/users/*", bearerAuth(), requireStaffRole("admin"));

const PersonSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["customer", "manager", "admin"]),
    active: z.boolean(),
    approved: z.boolean().openapi({ description: "Managers only use the back office once approved." }),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Person");

const personJson = (user: User): z.infer<typeof PersonSchema> => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: !user.deactivatedAt,
  approved: user.role === "admin" || (user.role === "manager" && user.approvedAt !== null),
  created_at: user.createdAt.toISOString(),
});

userApi.openapi(
  createRoute({
    method: "get",
    path: "/users",
    operationId: "listUsers",
    tags: ["Admin"],
    summary: "Everyone with an account (admin)",
    description: "Managers awaiting approval first, then by name.",
    request: { query: PageQuery },
    responses: { 200: { description: "A page of accounts.", content: { "application/json": { schema: listOf(PersonSchema, "PersonList") } } }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const { page, next_cursor } = pageOf(await listPeople(c.var.deps.database), c.req.valid("query"));
    return c.json({ items: page.map(personJson), next_cursor }, 200);
  },
);

const PersonChange = z
  .object({
    role: z.enum(["customer", "manager"], { message: "must be customer or manager" }).optional(),
    active: z.boolean({ message: "must be true or false" }).optional(),
  })
  .refine((body) => body.role !== undefined || body.active !== undefined, { message: "send role and/or active", path: ["role"] })
  .openapi("PersonChange", { example: { role: "manager" } });

/** The people actions (src/accounts/people.ts) a change asks for, in a safe order; what already holds asks for none. */
function actionsFor(user: User, change: z.infer<typeof PersonChange>): PeopleAction[] {
  const actions: PeopleAction[] = [];
  if (change.active === true && user.deactivatedAt) actions.push("reactivate");
  if (change.role === "manager" && !(user.role === "manager" && user.approvedAt)) actions.push(user.role === "manager" ? "approve" : "promote");
  if (change.role === "customer" && user.role !== "customer") actions.push("demote");
  if (change.active === false && !user.deactivatedAt) actions.push("deactivate");
  return actions;
}

userApi.openapi(
  createRoute({
    method: "patch",
    path: "/users/{id}",
    operationId: "updateUser",
    tags: ["Admin"],
    summary: "Change an account's role or access (admin)",
    description: "`role: manager` promotes a customer or approves a waiting manager; `active: false` deactivates (their tokens stop working at once).",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PersonChange } } } },
    responses: { 200: { description: "The account after the change.", content: { "application/json": { schema: PersonSchema } } }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const change = c.req.valid("json");
    const { database, clock } = c.var.deps;
    let user = await findUserById(database.db, id);
    if (!user) throw new ApiProblem(404, "Not Found", "No such account.");
    for (const action of actionsFor(user, change)) {
      const result = await applyPeopleAction(database, callerOf(c), id, action, clock.now());
      if (!result.ok) throw new ApiProblem(result.status, result.status === 404 ? "Not Found" : "Conflict", result.message);
      user = result.user;
    }
    return c.json(personJson(user), 200);
  },
);
