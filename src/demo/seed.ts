import { count, eq } from "drizzle-orm";
import type { PasswordHasher } from "../accounts/passwords";
import { normalizeEmail } from "../accounts/users";
import { toMilli } from "../catalog/units";
import { slugify } from "../catalog/slug";
import type { DatabaseHandle, Statement } from "../db/client";
import { demoCategories, demoProducts } from "./catalog";
import { seedDemoOrders } from "./orders";
import { categories, products, users } from "../db/schema";
import { demoFoodColumns } from "./food-columns";
import { demoVatClass, seedDemoSlots } from "./slots";
import { issueDemoInvoices } from "./invoices";
import type { Config } from "../config";

export const DEMO_ACCOUNTS = {
  manager: { name: "Maya Manager", email: "manager@grocer.local", password: "demo-manager-pass" },
  shopper: { name: "Sam Shopper", email: "shopper@grocer.local", password: "demo-shopper-pass" },
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long before the demo store was created its products were put on the shelves. */
const DEMO_SHELVES_AGE_MS = 60 * DAY_MS;

/**
 * Fills an empty store with the demo catalog, demo accounts and their history. If products exist it
 * only makes sure the demo's completed orders have their invoices (a demo store from before invoices).
 */
export async function seedDemoData(handle: DatabaseHandle, passwords: PasswordHasher, now: Date, config: Config): Promise<boolean> {
  const { db } = handle;
  const [existing] = await db.select({ n: count() }).from(products);
  if ((existing?.n ?? 0) > 0) {
    await issueDemoInvoices(handle, config, now);
    return false;
  }

  const manager = await ensureUser(handle, passwords, { ...DEMO_ACCOUNTS.manager, role: "manager", approvedAt: now });
  const shopper = await ensureUser(handle, passwords, { ...DEMO_ACCOUNTS.shopper, role: "customer", approvedAt: null });

  const categoryValues = demoCategories.map((c) => ({ ...c, status: "active" as const, createdBy: manager.id, createdAt: now }));
  const [firstAisles, ...moreAisles] = chunks(categoryValues, 7).map((chunk) => db.insert(categories).values(chunk).onConflictDoNothing());
  if (firstAisles) await handle.atomic([firstAisles, ...moreAisles]);
  // Read back rather than RETURNING: on D1 a trigger on the table (the catalog version) disturbs RETURNING.
  const categoryRows = await db.select({ id: categories.id, slug: categories.slug }).from(categories);
  const categoryIds = new Map(categoryRows.map((row) => [row.slug, row.id]));

  const rows = demoProducts.map((product, index) => ({
    name: product.name,
    slug: slugify(product.name),
    description: product.description,
    categoryId: categoryIds.get(product.category)!,
    priceCents: product.priceCents,
    unit: product.unit,
    step: toMilli(product.step),
    stock: toMilli(product.stock),
    lowStockThreshold: toMilli(product.lowStockThreshold),
    bestBefore: product.bestBeforeDays ? isoDate(new Date(now.getTime() + product.bestBeforeDays * DAY_MS)) : null,
    ...demoFoodColumns(product, index),
    vatClass: demoVatClass(product.category),
    createdBy: manager.id,
    // Spread creation times so "newest" has a meaningful order; all on the shelves before the demo's
    // orders (placed up to 28 days back), so no shopper is told they are new.
    createdAt: new Date(now.getTime() - DEMO_SHELVES_AGE_MS - (demoProducts.length - index) * 60_000),
    updatedAt: now,
  }));
  // 38 bound parameters per product row (with its food information and VAT class): 2 rows stay under D1's limit of 100.
  const [first, ...rest] = chunks(rows, 2).map((chunk) => db.insert(products).values(chunk));
  if (first) await handle.atomic([first, ...rest]);
  await seedDemoOrders(handle, shopper.id, now);
  await issueDemoInvoices(handle, config, now);
  await seedDemoSlots(handle);
  return true;
}

/** D1 binds at most 100 parameters per statement, so multi-row inserts go in small chunks. */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

async function ensureUser(
  handle: DatabaseHandle,
  passwords: PasswordHasher,
  account: { name: string; email: string; password: string; role: "customer" | "manager"; approvedAt: Date | null },
) {
  const email = normalizeEmail(account.email);
  const [found] = await handle.db.select().from(users).where(eq(users.email, email));
  if (found) return found;
  const [created] = await handle.db
    .insert(users)
    .values({ name: account.name, email, role: account.role, approvedAt: account.approvedAt, passwordHash: await passwords.hash(account.password) })
    .returning();
  return created!;
}
