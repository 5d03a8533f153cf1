import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { products } from "../../db/schema";
import { createProduct, patchProduct, removeProduct, updateProduct } from "./products";
import { bearerAuth, callerOf, requireStaffRole } from "../../api/bearer";
import { apiRouter } from "../../api/env";
import { ManagedProductSchema, managedProductOrThrow, refusal } from "./api-schema";
import { problems } from "../../api/problem";
import { changedProductInput, NewProduct, newProductInput, ProductChange } from "./api-body";
import { IdParam } from "../../api/schemas";

/** Catalog writes for approved managers and the admin, through the back office's own product rules. */
export const manageProductApi = apiRouter();

const staff = [bearerAuth(), requireStaffRole("manager")];
const TAGS = ["Catalog management"];
const productResponse = (description: string) => ({ description, content: { "application/json": { schema: ManagedProductSchema } } });

manageProductApi.openapi(
  createRoute({
    method: "post",
    path: "/products",
    operationId: "createProduct",
    tags: TAGS,
    summary: "Add a product (manager)",
    description:
      "Same rules as the back office's product form: a name of 2-80 characters, an active category, a price above 0, amounts in the product's unit " +
      "(whole numbers for each/dozen/g/ml), best-before after packed-on. The slug is made from the name. Add images next with POST /products/{id}/images.",
    middleware: staff,
    request: { body: { required: true, content: { "application/json": { schema: NewProduct } } } },
    responses: { 201: productResponse("The new product, as the back office sees it."), ...problems(400, 401, 403, 409, 422) },
  }),
  async (c) => {
    const input = newProductInput(c.req.valid("json"));
    const { database, clock } = c.var.deps;
    const outcome = await createProduct(database, callerOf(c), input, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json(await managedProductOrThrow(database, outcome.product.id), 201);
  },
);

manageProductApi.openapi(
  createRoute({
    method: "patch",
    path: "/products/{id}",
    operationId: "updateProduct",
    tags: TAGS,
    summary: "Change a product (manager)",
    description:
      "Send only the fields to change; the product with the change must pass the same rules as on creation. A new name moves the slug (the old one redirects). " +
      "`active: false` takes it off sale. Stock is not a field here: use POST /products/{id}/stock.",
    middleware: staff,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ProductChange } } } },
    responses: { 200: productResponse("The product after the change."), ...problems(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { active, ...fields } = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const [product] = await database.db.select().from(products).where(eq(products.id, id));
    if (!product) throw refusal({ status: 404, message: "No product with that id." });
    const actor = callerOf(c);
    if (Object.values(fields).some((value) => value !== undefined)) {
      const outcome = await updateProduct(database, actor, id, changedProductInput(product, fields), clock.now());
      if (!outcome.ok) throw refusal(outcome);
    }
    if (active !== undefined && active !== product.active) {
      const outcome = await patchProduct(database, actor, id, { active }, clock.now());
      if (!outcome.ok) throw refusal(outcome);
    }
    return c.json(await managedProductOrThrow(database, id), 200);
  },
);

manageProductApi.openapi(
  createRoute({
    method: "delete",
    path: "/products/{id}",
    operationId: "deleteProduct",
    tags: TAGS,
    summary: "Delete a product (manager)",
    description:
      "A product nobody has ordered is deleted with its images: 204. One that past orders point at is deactivated instead, as in the back office: " +
      "200 with the product, now `active: false`.",
    middleware: staff,
    request: { params: IdParam },
    responses: {
      200: productResponse("It had been ordered, so it was deactivated instead of deleted."),
      204: { description: "Deleted, images and all." },
      ...problems(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { database, clock, storage } = c.var.deps;
    const outcome = await removeProduct(database, callerOf(c), id, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    if (!outcome.deleted) return c.json(await managedProductOrThrow(database, id), 200);
    await Promise.all((outcome.imageKeys ?? []).map((key) => storage.delete(key)));
    return c.body(null, 204);
  },
);
