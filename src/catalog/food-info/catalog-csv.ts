import { parse } from "csv-parse/sync";
import { asc, eq, inArray } from "drizzle-orm";
import type { Database, DatabaseHandle, UnitStatement } from "../../db/client";
import { categories, products, type Product, type User } from "../../db/schema";
import { centsToInput } from "../../values/money";
import { thousandthsToInput } from "../../values/quantity";
import { csvDocument } from "../../reports/csv";
import { auditEntry } from "../../db/audit-entry";
import { productForm, productTextValues, type ProductInput } from "../products/form";
import { claimSlug } from "../products/slugs";
import { slugify } from "../slug";
import { allergenEdit, netQuantityProblem } from "./allergen-changes";
import { allergensIn } from "./allergens";
import { dietLabelsIn } from "./diet";
import { foodTextValues } from "./form-values";
import { foodColumnsOf, foodInput } from "./input";

/*
 * The catalog as CSV: the export writes every product with its food information; the import reads
 * the same columns back, matching rows by SKU (or else GTIN), through the same schemas as the
 * manager's form. Columns left out of a file keep their values; a row that matches nothing adds a
 * product. Every error is reported with its row and column, and a file with any error changes nothing.
 */
export const CSV_COLUMNS = [
  "sku", "gtin", "name", "category", "description", "price", "unit", "step", "low_stock_threshold", "best_before", "packed_on",
  "net_quantity", "net_unit", "is_food", "allergens_declared", "contains", "may_contain", "diet", "ingredients", "storage", "origin",
  "nutrition_basis", "energy_kj", "energy_kcal", "fat", "saturates", "carbohydrate", "sugars", "fibre", "protein", "salt",
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** A product as one CSV record (also what an import row is laid over). */
function recordOf(product: Product, categorySlug: string): Record<Column, string> {
  return {
    ...foodTextValues(product),
    ...productTextValues(product),
    category: categorySlug,
    is_food: product.isFood ? "yes" : "no",
    allergens_declared: product.allergensDeclared ? "yes" : "no",
    contains: allergensIn(product.containsAllergens).join(";"),
    may_contain: allergensIn(product.mayContainAllergens).join(";"),
    diet: dietLabelsIn(product.dietLabels).join(";"),
  };
}

export async function exportCatalogCsv(db: Database): Promise<string> {
  const rows = await db.select({ product: products, category: categories.slug }).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).orderBy(asc(products.id));
  // Through the store's one CSV writer: quoted, and text a spreadsheet would run as a formula neutralised.
  return csvDocument([...CSV_COLUMNS], rows.map((row) => {
    const record = recordOf(row.product, row.category);
    return CSV_COLUMNS.map((column) => record[column]);
  }));
}

export type ImportError = { row: number; column: string; message: string };
export type RowChange = { field: string; from: string; to: string };
export type ImportRow = { row: number; sku: string; name: string; action: "create" | "update" | "unchanged"; changes: RowChange[] };
type PlannedRow = ImportRow & { productId: number | null; before: Product | null; input: ProductInput; food: ReturnType<typeof foodColumnsOf> };
export type ImportPlan = { rows: PlannedRow[]; errors: ImportError[] };

export const MAX_IMPORT_ROWS = 20_000;

/** Reads and checks a whole file; nothing is written. */
export async function planCatalogImport(db: Database, text: string): Promise<ImportPlan> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { rows: [], errors: [{ row: line ?? 1, column: "", message: `This is not a CSV file we can read: ${(error as Error).message.replace(/^.*?:\s*/, "").slice(0, 200)}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ row: 1, column: "", message: "The file is empty: the first row names the columns." }] };
  const columns = header.map((name) => name.trim().toLowerCase());
  const errors: ImportError[] = [];
  columns.forEach((name, index) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) errors.push({ row: 1, column: name || `column ${index + 1}`, message: `Unknown column. Columns are: ${CSV_COLUMNS.join(", ")}.` });
  });
  if (columns.filter((name) => name === "sku").length !== 1) errors.push({ row: 1, column: "sku", message: "Every file has one sku column: rows are matched on it." });
  if (new Set(columns).size !== columns.length) errors.push({ row: 1, column: "", message: "A column is named twice." });
  if (body.length > MAX_IMPORT_ROWS) errors.push({ row: 1, column: "", message: `At most ${MAX_IMPORT_ROWS} products per file.` });
  if (errors.length) return { rows: [], errors };

  const all = await db.select({ product: products, category: categories.slug }).from(products).innerJoin(categories, eq(categories.id, products.categoryId));
  const bySku = new Map(all.filter((row) => row.product.sku).map((row) => [row.product.sku!, row]));
  const byGtin = new Map(all.filter((row) => row.product.gtin).map((row) => [row.product.gtin!, row]));
  const aisles = new Map((await db.select({ id: categories.id, slug: categories.slug, status: categories.status }).from(categories)).map((aisle) => [aisle.slug, aisle]));
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];

  body.forEach((cells, index) => {
    const rowNumber = index + 2;
    const cell = Object.fromEntries(columns.map((name, position) => [name, cells[position] ?? ""])) as Partial<Record<Column, string>>;
    const fail = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
    const sku = (cell.sku ?? "").trim();
    if (!sku) return fail("sku", "Every row needs a SKU.");
    if (seen.has(sku)) return fail("sku", `The same SKU is on row ${seen.get(sku)} too.`);
    seen.set(sku, rowNumber);
    const match = bySku.get(sku) ?? (cell.gtin?.trim() ? byGtin.get(cell.gtin.trim()) : undefined);
    const base = match ? recordOf(match.product, match.category) : ({ step: "1", low_stock_threshold: "0", is_food: "yes" } as Partial<Record<Column, string>>);
    const merged = { ...base, ...cell } as Record<string, string>;
    const aisle = aisles.get((merged.category ?? "").trim());
    if (!aisle) fail("category", merged.category ? `No aisle with the slug “${merged.category}”.` : "Give the aisle (its slug, such as dairy-eggs).");
    else if (aisle.status !== "active" && aisle.id !== match?.product.categoryId) fail("category", "That aisle is not active yet.");
    const product = productForm.safeParse({ ...merged, category_id: aisle ? String(aisle.id) : "0", stock: "0" });
    const food = foodInput.safeParse(merged);
    for (const result of [product, food]) {
      if (result.success) continue;
      const named = new Set<string>();
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "");
        if (column === "category_id" || named.has(column)) continue;
        named.add(column);
        fail(column, issue.message);
      }
    }
    if (!product.success || !food.success || !aisle) return;
    const net = netQuantityProblem(product.data.unit, food.data);
    if (net) return fail("net_quantity", net);
    const columnsAfter = foodColumnsOf(food.data);
    const gtinOwner = columnsAfter.gtin ? byGtin.get(columnsAfter.gtin) : undefined;
    if (gtinOwner && gtinOwner.product.id !== match?.product.id) return fail("gtin", `${gtinOwner.product.name} already has this GTIN.`);
    const before = match ? recordOf(match.product, match.category) : null;
    const changes = CSV_COLUMNS.filter((column) => column in cell && (before?.[column] ?? "") !== normalised(column, merged[column]!, product.data, columnsAfter)).map((column) => ({
      field: column,
      from: before?.[column] ?? "",
      to: normalised(column, merged[column]!, product.data, columnsAfter),
    }));
    rows.push({
      row: rowNumber,
      sku,
      name: product.data.name,
      action: !match ? "create" : changes.length ? "update" : "unchanged",
      changes,
      productId: match?.product.id ?? null,
      before: match?.product ?? null,
      input: product.data,
      food: columnsAfter,
    });
  });
  return { rows, errors };
}

/** The cell as it will be stored, written as the export would write it, so "no change" is exact. */
function normalised(column: Column, value: string, input: ProductInput, food: ReturnType<typeof foodColumnsOf>): string {
  const stored = { ...foodStored(food), price: centsToInput(input.price), step: thousandthsToInput(input.step), low_stock_threshold: thousandthsToInput(input.low_stock_threshold), name: input.name, description: input.description, unit: input.unit, best_before: input.best_before ?? "", packed_on: input.packed_on ?? "" } as Partial<Record<Column, string>>;
  return stored[column] ?? value.trim();
}

function foodStored(food: ReturnType<typeof foodColumnsOf>): Partial<Record<Column, string>> {
  const record = recordOf({ ...food, priceCents: 1, step: 1, lowStockThreshold: 0 } as unknown as Product, "");
  const { sku, gtin, net_quantity, net_unit, is_food, allergens_declared, contains, may_contain, diet, ingredients, storage, origin, nutrition_basis, energy_kj, energy_kcal, fat, saturates, carbohydrate, sugars, fibre, protein, salt } = record;
  return { sku, gtin, net_quantity, net_unit, is_food, allergens_declared, contains, may_contain, diet, ingredients, storage, origin, nutrition_basis, energy_kj, energy_kcal, fat, saturates, carbohydrate, sugars, fibre, protein, salt };
}

/** Applies a plan without errors as one atomic unit: every row or none. */
export async function applyCatalogImport(handle: DatabaseHandle, actor: User, plan: ImportPlan, now: Date): Promise<{ created: number; updated: number }> {
  if (plan.errors.length) throw new Error("An import with errors is never applied.");
  const { db } = handle;
  const statements: UnitStatement[] = [];
  const existing = new Set((await db.select({ slug: products.slug }).from(products)).map((row) => row.slug));
  let created = 0;
  let updated = 0;
  for (const row of plan.rows) {
    const columns = {
      name: row.input.name,
      description: row.input.description,
      categoryId: row.input.category_id,
      priceCents: row.input.price,
      unit: row.input.unit,
      step: row.input.step,
      lowStockThreshold: row.input.low_stock_threshold,
      bestBefore: row.input.best_before,
      packedOn: row.input.packed_on,
      ...row.food,
    };
    if (row.action === "create") {
      const slug = freeSlug(row.input.name, existing);
      statements.push(claimSlug(db, slug), db.insert(products).values({ ...columns, slug, createdBy: actor.id, createdAt: now, updatedAt: now }));
      created++;
    } else if (row.action === "update" && row.before) {
      const allergens = allergenEdit(row.before, row.food, now);
      statements.push(db.update(products).set({ ...columns, ...(allergens.allergensChangedAt ? { allergensChangedAt: allergens.allergensChangedAt } : {}), updatedAt: now }).where(eq(products.id, row.before.id)));
      if (allergens.audit) statements.push(auditEntry(db, { actor, action: "product.allergens", subjectType: "product", subjectId: row.before.id, details: { name: row.input.name, via: "import", ...allergens.audit }, at: now }));
      updated++;
    }
  }
  const [first, ...rest] = [...statements, auditEntry(db, { actor, action: "catalog.import", subjectType: "catalog", subjectId: null, details: { created, updated, rows: plan.rows.length }, at: now })];
  await handle.atomic([first!, ...rest]);
  return { created, updated };
}

function freeSlug(name: string, taken: Set<string>): string {
  const base = slugify(name) || "product";
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

/** The products an import touched, for a test or a report. */
export const productsWithSkus = (db: Database, skus: string[]): Promise<Product[]> => (skus.length ? db.select().from(products).where(inArray(products.sku, skus)) : Promise.resolve([]));
