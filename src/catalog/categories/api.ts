import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { slugify } from "../slug";
import type { Database } from "../../db/client";
import { categories, CATEGORY_STATUSES, categoryRequests, type Category, type User } from "../../db/schema";
import { createCategory, editCategory, findCategory, productsInCategory, requestChange } from "./categories";
import { categoryFields } from "./contract";
import { bearerAuth, callerOf, requireStaffRole } from "../../api/bearer";
import { CategoryRequestSchema, categoryRequestJson, findCategoryRequest } from "./requests-api";
import { apiRouter } from "../../api/env";
import { refusal } from "../products/api-schema";
import { problems } from "../../api/problem";
import { IdParam } from "../../api/schemas";

/** Category writes: the admin's are live at once, a manager's wait for the admin as requests. */
export const manageCategoryApi = apiRouter();

const staff = [bearerAuth(), requireStaffRole("manager")];
const TAGS = ["Catalog management"];

const ManagedCategorySchema = z
  .object({
    id: z.number().int().openapi({ example: 3 }),
    name: z.string().openapi({ example: "Fruit & Veg" }),
    slug: z.string().openapi({ example: "fruit-veg" }),
    description: z.string(),
    status: z.enum(CATEGORY_STATUSES).openapi({ description: "pending: a manager's new category the admin has not approved yet." }),
    product_count: z.number().int(),
  })
  .openapi("ManagedCategory");

async function categoryJson(db: Database, category: Category): Promise<z.infer<typeof ManagedCategorySchema>> {
  return { id: category.id, name: category.name, slug: category.slug, description: category.description, status: category.status, product_count: await productsInCategory(db, category.id) };
}

/** The request a manager's write just opened: the pending one about this category. */
async function openRequestFor(db: Database, categoryId: number) {
  const [row] = await db
    .select({ id: categoryRequests.id })
    .from(categoryRequests)
    .where(and(eq(categoryRequests.categoryId, categoryId), eq(categoryRequests.status, "pending")))
    .orderBy(desc(categoryRequests.id))
    .limit(1);
  return categoryRequestJson((await findCategoryRequest(db, row!.id))!);
}

const isAdmin = (user: User) => user.role === "admin";

// A fresh object over the category contract's fields (schemas made before the OpenAPI extension can't be annotated).
const NewCategory = z.object(categoryFields).openapi("NewCategory", { example: { name: "Snacks", description: "Crisps, nuts and bars." } });

const categoryResponse = (description: string) => ({ description, content: { "application/json": { schema: ManagedCategorySchema } } });
const requestResponse = { 202: { description: "A manager's change: the pending request, waiting for the admin.", content: { "application/json": { schema: CategoryRequestSchema } } } };

manageCategoryApi.openapi(
  createRoute({
    method: "post",
    path: "/categories",
    operationId: "createCategory",
    tags: TAGS,
    summary: "Add a category (manager: pending until the admin approves)",
    description:
      "From the admin the category is live at once: 201 with it. From a manager it is created pending (not shown to shoppers) with a request for the admin: " +
      "202 with that request. A name (2-60 characters) that another category has is 422.",
    middleware: staff,
    request: { body: { required: true, content: { "application/json": { schema: NewCategory } } } },
    responses: { 201: categoryResponse("The admin's new category, live."), ...requestResponse, ...problems(400, 401, 403, 422) },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const actor = callerOf(c);
    const outcome = await createCategory(database, actor, input, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    const [category] = await database.db.select().from(categories).where(eq(categories.slug, slugify(input.name)));
    if (isAdmin(actor)) return c.json(await categoryJson(database.db, category!), 201);
    return c.json(await openRequestFor(database.db, category!.id), 202);
  },
);

const CategoryChange = z
  .object({
    name: categoryFields.name.optional(),
    description: categoryFields.description.unwrap().optional(),
  })
  .refine((body) => body.name !== undefined || body.description !== undefined, { message: "send name and/or description", path: ["name"] })
  .openapi("CategoryChange", { example: { name: "Snacks & Crisps" } });

manageCategoryApi.openapi(
  createRoute({
    method: "patch",
    path: "/categories/{id}",
    operationId: "updateCategory",
    tags: TAGS,
    summary: "Rename or describe a category (manager: as a request)",
    description:
      "The admin's change is made at once (the slug stays, so links keep working): 200 with the category. A manager's becomes a rename request for the admin: " +
      "202 with it; only an active category can be changed that way, and only one request per category may wait at a time (409).",
    middleware: staff,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: CategoryChange } } } },
    responses: { 200: categoryResponse("The admin's change, made."), ...requestResponse, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const change = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const category = await findCategory(database.db, id);
    if (!category) throw refusal({ status: 404, message: "No category with that id." });
    const wanted = { name: change.name ?? category.name, description: change.description ?? category.description };
    const actor = callerOf(c);
    if (isAdmin(actor)) {
      const outcome = await editCategory(database, actor, id, wanted, clock.now());
      if (!outcome.ok) throw refusal(outcome);
      return c.json(await categoryJson(database.db, (await findCategory(database.db, id))!), 200);
    }
    const outcome = await requestChange(database, actor, id, { kind: "rename", ...wanted }, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json(await openRequestFor(database.db, id), 202);
  },
);
