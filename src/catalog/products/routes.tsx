import { and, asc, ne, sql } from "drizzle-orm";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { categories, products, type Product } from "../../db/schema";
import type { AppEnv } from "../../http/env";
import { readForm, type FormErrors, type FormValues } from "../../http/forms";
import { moneyFormatter } from "../../http/money";
import { redirectAfterPost, renderPage, wantsFragment } from "../../http/render";
import { ErrorPage } from "../../../views/errors";
import { ProductEditor } from "../../../views/manage/catalog/product-form";
import { ProductRow, ProductsPage, ProductTable } from "../../../views/manage/catalog/product-list";
import { applyBulk, bulkForm } from "./bulk";
import { addImages, checkFiles, imageAlt, productImagesOf } from "./images";
import { uploadedFiles } from "./image-routes";
import { bodyLimit } from "hono/body-limit";
import { foodFormValues, readFoodForm } from "../food-info/form-values";
import { priceCellForm, productFormFor, productTextValues, thresholdCellForm } from "./form";
import { dayFormatter } from "../../http/days";
import { wholeUnitProblem } from "./contract";
import { createProduct, findManagedProduct, listManagedProducts, patchProduct, productFilters, removeProduct, updateProduct, type ManagedProduct } from "./products";

export const productRoutes = new Hono<AppEnv>();

/** Mounted at LIST by the back office (src/manage/routes.tsx), behind its staff guard. */
export const LIST = "/manage/products";

const allCategories = (c: Context<AppEnv>) => c.var.deps.database.db.select().from(categories).orderBy(asc(categories.name));

function notFound(c: Context<AppEnv>) {
  return renderPage(c, "Not found", <ErrorPage heading="Product not found" message="That product does not exist (any more)." />, { status: 404 });
}

productRoutes.get("/", async (c) => {
  const parsed = productFilters.safeParse(c.req.query());
  const filters = parsed.success ? parsed.data : productFilters.parse({});
  const listing = await listManagedProducts(c.var.deps.database.db, filters);
  const money = moneyFormatter(c);
  // Filter-as-you-type swaps only the table.
  if (wantsFragment(c) && c.req.header("hx-target")?.endsWith("#product-table")) {
    c.header("Vary", "HX-Request, HX-Target");
    return c.html(<ProductTable listing={listing} filters={filters} money={money} />);
  }
  const problem = parsed.success ? undefined : "Some filters were not understood and were reset.";
  return renderPage(c, "Products", <ProductsPage listing={listing} categories={await allCategories(c)} filters={filters} money={money} problem={problem} />, { status: parsed.success ? 200 : 400 });
});

function valuesOf(c: Context<AppEnv>, product: ManagedProduct): FormValues {
  return {
    ...productTextValues(product, dayFormatter(c)),
    category_id: String(product.categoryId),
    ...foodFormValues(product),
  };
}

/** The product form: its own fields and the food information, every error at once. */
async function readProductForm(c: Context<AppEnv>) {
  const form = await readForm(c, productFormFor(dayFormatter(c)));
  const food = readFoodForm(form.values, form.ok ? form.data.unit : undefined);
  if (form.ok && food.ok) return { ok: true as const, data: form.data, food: food.food, values: form.values };
  return { ok: false as const, values: form.values, errors: { ...(food.ok ? {} : food.errors), ...(form.ok ? {} : form.errors) } };
}

async function showEditor(c: Context<AppEnv>, product: ManagedProduct | undefined, values: FormValues, errors: FormErrors, status: 200 | 404 | 409 | 413 | 415 | 422 = 200) {
  const images = product ? await productImagesOf(c.var.deps.database, product.id) : [];
  const title = product ? `Edit ${product.name}` : "Add a product";
  const body = <ProductEditor product={product} categories={await allCategories(c)} values={values} errors={errors} images={images} maxBytes={c.var.deps.config.MAX_IMAGE_BYTES} dayPattern={dayFormatter(c).pattern} />;
  return renderPage(c, title, body, { status });
}

/**
 * Another product already has this name (in any case): the form asks once before a second one is
 * saved, with a box to tick; a name is not unique by rule (two sizes can share one), only by habit.
 */
async function duplicateNameProblem(c: Context<AppEnv>, name: string, values: FormValues, exceptId?: number): Promise<FormErrors | null> {
  if (values.confirm_duplicate === "on") return null;
  const [same] = await c.var.deps.database.db
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(and(sql`lower(${products.name}) = lower(${name.trim()})`, exceptId ? ne(products.id, exceptId) : undefined))
    .limit(1);
  if (!same) return null;
  return { name: `There is already a product called ${same.name} (#${same.id}).`, confirm_duplicate: "Tick the box below to save another product with this name." };
}

productRoutes.get(`/new`, (c) => showEditor(c, undefined, { unit: "each", step: "1", low_stock_threshold: "0", stock: "0", is_food: "on" }, {}));

/** The new-product form may carry its main picture: one image of the size limit, plus the form. */
const newProductLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.var.deps.config.MAX_IMAGE_BYTES + 256 * 1024,
    onError: (c) => showEditor(c as Context<AppEnv>, undefined, {}, { image: "That picture is too big to upload with the form." }, 413),
  })(c, next);

/** The new product's picture and its description, checked before anything is saved. */
async function readFirstPicture(c: Context<AppEnv>, values: FormValues) {
  const files = (await uploadedFiles(c, "image")) ?? [];
  const errors: FormErrors = {};
  const altText = (values.alt ?? "").trim();
  const alt = altText ? imageAlt.safeParse(altText) : null;
  if (alt && !alt.success) errors.alt = alt.error.issues[0]!.message;
  let status: 413 | 415 | 422 = 422;
  if (files.length > 0) {
    const checked = await checkFiles(files.slice(0, 1), c.var.deps.config.MAX_IMAGE_BYTES);
    if (!Array.isArray(checked)) {
      errors.image = checked.message;
      if (checked.status === 413 || checked.status === 415) status = checked.status;
    }
  }
  return { file: files[0], alt: alt?.success ? alt.data : undefined, errors, status };
}

productRoutes.post("/", newProductLimit, async (c) => {
  const form = await readProductForm(c);
  const picture = await readFirstPicture(c, form.values);
  // A browser can't put a chosen file back into a form that comes back with errors.
  const again: FormErrors = picture.file && !picture.errors.image ? { image: "Choose the picture again: it can't be kept while the form is corrected." } : {};
  if (!form.ok) return showEditor(c, undefined, form.values, { ...form.errors, ...picture.errors, ...again }, 422);
  if (Object.keys(picture.errors).length > 0) return showEditor(c, undefined, form.values, picture.errors, picture.status);
  const duplicate = await duplicateNameProblem(c, form.data.name, form.values);
  if (duplicate) return showEditor(c, undefined, form.values, { ...duplicate, ...again }, 422);
  const { deps } = c.var;
  const outcome = await createProduct(deps.database, c.var.user!, form.data, deps.clock.now(), form.food);
  if (!outcome.ok) return showEditor(c, undefined, form.values, { [outcome.field ?? "form"]: outcome.message, ...again }, outcome.status);
  if (picture.file) {
    const added = await addImages(deps.database, deps.storage, c.var.user!, outcome.product.id, [picture.file], deps.config.MAX_IMAGE_BYTES, deps.clock.now(), picture.alt ?? outcome.product.name);
    const text = added.ok ? `${outcome.message} Its picture is the main one; add more below.` : `${outcome.message} Its picture was not added: ${added.message}`;
    return redirectAfterPost(c, `${LIST}/${outcome.product.id}`, { kind: added.ok ? "success" : "info", text });
  }
  return redirectAfterPost(c, `${LIST}/${outcome.product.id}`, { kind: "success", text: `${outcome.message} Now add its images.` });
});

productRoutes.post(`/bulk`, async (c) => {
  const body = await c.req.parseBody({ all: true });
  const ids = body.ids === undefined ? [] : Array.isArray(body.ids) ? body.ids : [body.ids];
  const parsed = bulkForm.safeParse({ ...body, ids: ids.filter((id) => typeof id === "string") });
  const { deps } = c.var;
  const outcome = parsed.success
    ? await applyBulk(deps.database, c.var.user!, parsed.data, deps.clock.now())
    : ({ ok: false, status: 422, message: parsed.error.issues[0]!.message } as const);
  if (!outcome.ok) {
    const listing = await listManagedProducts(deps.database.db, productFilters.parse({}));
    return renderPage(c, "Products", <ProductsPage listing={listing} categories={await allCategories(c)} filters={productFilters.parse({})} money={moneyFormatter(c)} problem={outcome.message} />, { status: outcome.status });
  }
  return redirectAfterPost(c, LIST, { kind: "success", text: outcome.message });
});

const productId = (c: Context<AppEnv>) => Number(c.req.param("id"));

productRoutes.get(`/:id{[0-9]+}`, async (c) => {
  const product = await findManagedProduct(c.var.deps.database.db, productId(c));
  if (!product) return notFound(c);
  return showEditor(c, product, valuesOf(c, product), {});
});

productRoutes.post(`/:id{[0-9]+}`, async (c) => {
  const { deps } = c.var;
  const product = await findManagedProduct(deps.database.db, productId(c));
  if (!product) return notFound(c);
  const form = await readProductForm(c);
  if (!form.ok) return showEditor(c, product, form.values, form.errors, 422);
  const duplicate = await duplicateNameProblem(c, form.data.name, form.values, product.id);
  if (duplicate) return showEditor(c, product, form.values, duplicate, 422);
  const outcome = await updateProduct(deps.database, c.var.user!, product.id, form.data, deps.clock.now(), form.food);
  if (!outcome.ok) return showEditor(c, product, form.values, { [outcome.field ?? "form"]: outcome.message }, outcome.status);
  return redirectAfterPost(c, `${LIST}/${product.id}`, { kind: "success", text: outcome.message });
});

/** A row action or cell edit: htmx gets the row back (with the message), a plain form goes back to the list. */
async function answerRow(c: Context<AppEnv>, id: number, result: { ok: boolean; message: string; status?: 404 | 409 | 422 }) {
  const { db } = c.var.deps.database;
  const product = await findManagedProduct(db, id);
  if (wantsFragment(c)) {
    if (!product) return c.html("", result.ok ? 200 : (result.status ?? 404));
    const row = <ProductRow product={product} money={moneyFormatter(c)} problem={result.ok ? undefined : result.message} notice={result.ok ? result.message : undefined} />;
    return c.html(row, result.ok ? 200 : (result.status ?? 422));
  }
  if (!result.ok) {
    const listing = await listManagedProducts(db, productFilters.parse({}));
    return renderPage(c, "Products", <ProductsPage listing={listing} categories={await allCategories(c)} filters={productFilters.parse({})} money={moneyFormatter(c)} problem={result.message} />, { status: result.status ?? 422 });
  }
  return redirectAfterPost(c, LIST, { kind: "success", text: result.message });
}

async function loadProduct(c: Context<AppEnv>): Promise<Product | null> {
  return findManagedProduct(c.var.deps.database.db, productId(c));
}

productRoutes.post(`/:id{[0-9]+}/price`, async (c) => {
  const product = await loadProduct(c);
  if (!product) return answerRow(c, productId(c), { ok: false, status: 404, message: "That product no longer exists." });
  const form = await readForm(c, priceCellForm);
  if (!form.ok) return answerRow(c, product.id, { ok: false, status: 422, message: Object.values(form.errors)[0]! });
  const { deps } = c.var;
  return answerRow(c, product.id, await patchProduct(deps.database, c.var.user!, product.id, { priceCents: form.data.price }, deps.clock.now()));
});

productRoutes.post(`/:id{[0-9]+}/threshold`, async (c) => {
  const product = await loadProduct(c);
  if (!product) return answerRow(c, productId(c), { ok: false, status: 404, message: "That product no longer exists." });
  const form = await readForm(c, thresholdCellForm);
  if (!form.ok) return answerRow(c, product.id, { ok: false, status: 422, message: Object.values(form.errors)[0]! });
  const wholeUnit = wholeUnitProblem(product.unit, form.data.low_stock_threshold);
  if (wholeUnit) return answerRow(c, product.id, { ok: false, status: 422, message: wholeUnit });
  const { deps } = c.var;
  return answerRow(c, product.id, await patchProduct(deps.database, c.var.user!, product.id, { lowStockThreshold: form.data.low_stock_threshold }, deps.clock.now()));
});

for (const action of ["activate", "deactivate"] as const) {
  productRoutes.post(`/:id{[0-9]+}/${action}`, async (c) => {
    const { deps } = c.var;
    return answerRow(c, productId(c), await patchProduct(deps.database, c.var.user!, productId(c), { active: action === "activate" }, deps.clock.now()));
  });
}

productRoutes.post(`/:id{[0-9]+}/delete`, async (c) => {
  const { deps } = c.var;
  const outcome = await removeProduct(deps.database, c.var.user!, productId(c), deps.clock.now());
  if (outcome.ok && outcome.imageKeys) await Promise.all(outcome.imageKeys.map((key) => deps.storage.delete(key)));
  return answerRow(c, productId(c), outcome);
});
