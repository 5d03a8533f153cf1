import type { NetUnit } from "../values/unit-price";
import { onShelfColumn } from "../catalog/shelf";
import { and, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database, DatabaseHandle } from "../db/client";
import { oncePerDatabase } from "../db/templates";
import { withFastRows } from "../db/fast-rows";
import { mainImage } from "../catalog/queries";
import { categories, products, type Unit } from "../db/schema";
import { cartItems, carts, wishlistItems, type Cart } from "../db/shop-tables";

/** A signed-in shopper owns a cart by user id; a visitor by the hash of their cart cookie. */
export type CartOwner = { userId: number } | { tokenHash: string };

/** A cart line's columns (cart_items joined to products and their aisle): the cart pages and checkout read the same. */
export const cartLineColumns = () => ({
  productId: products.id,
  name: products.name,
  slug: products.slug,
  unit: products.unit,
  step: products.step,
  stock: products.stock,
  lowStockThreshold: products.lowStockThreshold,
  priceCents: products.priceCents,
  netQuantity: products.netQuantity,
  netUnit: products.netUnit,
  quantity: cartItems.quantity,
  pricePerKgCents: products.pricePerKgCents,
  estimatedWeightGrams: products.estimatedWeightGrams,
  allowSubstitute: cartItems.allowSubstitute,
  substituteNote: cartItems.substituteNote,
  onSale: onShelfColumn(),
  imageKey: mainImage("key"),
  lineId: cartItems.id,
});

// The cart and its lines are read on every cart page, add and checkout: compiled once per database.
const cartQueries = oncePerDatabase((db) => ({
  byUser: db.select().from(carts).where(eq(carts.userId, sql.placeholder("owner"))).prepare(),
  byToken: db.select().from(carts).where(eq(carts.tokenHash, sql.placeholder("owner"))).prepare(),
  lines: db
    .select(cartLineColumns())
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(cartItems.cartId, sql.placeholder("cartId")))
    .prepare(),
}));

/** What a card's −/+ control shows of a cart line (src/cart/card-controls.tsx): no prices, no pictures. */
export type CardLine = Pick<CartLine, "productId" | "name" | "unit" | "step" | "stock" | "lowStockThreshold" | "quantity" | "onSale">;

// Asked on every shelf page a shopper with a full cart opens: the owner's lines in one statement.
const cardQueries = oncePerDatabase((db) => {
  const linesOf = (owner: SQL) =>
    withFastRows(
      db
        .select({
          productId: products.id,
          name: products.name,
          unit: products.unit,
          step: products.step,
          stock: products.stock,
          lowStockThreshold: products.lowStockThreshold,
          quantity: cartItems.quantity,
          onSale: onShelfColumn(),
        })
        .from(carts)
        .innerJoin(cartItems, eq(cartItems.cartId, carts.id))
        .innerJoin(products, eq(products.id, cartItems.productId))
        .innerJoin(categories, eq(categories.id, products.categoryId))
        .where(owner)
        .prepare(),
    );
  return { byUser: linesOf(eq(carts.userId, sql.placeholder("owner"))), byToken: linesOf(eq(carts.tokenHash, sql.placeholder("owner"))) };
});

export async function cardLines(db: Database, owner: CartOwner): Promise<CardLine[]> {
  const queries = cardQueries(db);
  return "userId" in owner ? queries.byUser.all({ owner: owner.userId }) : queries.byToken.all({ owner: owner.tokenHash });
}

export async function findCart(db: Database, owner: CartOwner): Promise<Cart | null> {
  const queries = cartQueries(db);
  const rows = "userId" in owner ? await queries.byUser.all({ owner: owner.userId }) : await queries.byToken.all({ owner: owner.tokenHash });
  return rows[0] ?? null;
}

export async function ensureCart(db: Database, owner: CartOwner, now: Date): Promise<Cart> {
  const found = await findCart(db, owner);
  if (found) return found;
  await db
    .insert(carts)
    .values({ ...("userId" in owner ? { userId: owner.userId } : { tokenHash: owner.tokenHash }), updatedAt: now })
    .onConflictDoNothing();
  return (await findCart(db, owner))!;
}

export type CartLine = {
  productId: number;
  name: string;
  slug: string;
  unit: Unit;
  step: number;
  stock: number;
  lowStockThreshold: number;
  priceCents: number;
  /** The pack's net quantity, for its unit price (src/catalog/unit-price.ts). */
  netQuantity: number | null;
  netUnit: NetUnit | null;
  quantity: number;
  /** A piece priced by weight (ADR 028): price per kg and estimated grams per piece; priceCents is the piece's estimate. */
  pricePerKgCents: number | null;
  estimatedWeightGrams: number | null;
  /** The shopper's substitution choice for the line (null: their default, then the store's) and note for the picker. */
  allowSubstitute: boolean | null;
  substituteNote: string | null;
  /** False when the product was withdrawn or its aisle closed since it was added. */
  onSale: boolean;
  /** The product's main image, for the line's thumbnail. */
  imageKey: string | null;
};

/**
 * A cart's lines in the order they were added. Sorted here: SQLite's sorter for a handful of rows
 * cost more than the rest of the query (44 against 25 µs, BENCHMARKS.md), and line ids grow with
 * the time a product was first added.
 */
export async function cartLines(db: Database, cartId: number): Promise<CartLine[]> {
  const rows = await cartQueries(db).lines.all({ cartId });
  return rows.sort((a, b) => a.lineId - b.lineId).map(({ lineId: _, ...line }) => line);
}

/**
 * The header's count runs on every page: prepared once per database rather than built each time,
 * and written as `cart_id IN (...)`, which SQLite answers faster than the join (bench/profile-page.ts).
 */
const countQueries = oncePerDatabase((db) => {
  const linesOf = (owner: SQL) => db.select({ n: count() }).from(cartItems).where(inArray(cartItems.cartId, db.select({ id: carts.id }).from(carts).where(owner)));
  return {
    byUser: linesOf(eq(carts.userId, sql.placeholder("owner"))).prepare(),
    byToken: linesOf(eq(carts.tokenHash, sql.placeholder("owner"))).prepare(),
  };
});

export async function cartLineCount(db: Database, owner: CartOwner): Promise<number> {
  const queries = countQueries(db);
  const [row] = "userId" in owner ? await queries.byUser.all({ owner: owner.userId }) : await queries.byToken.all({ owner: owner.tokenHash });
  return row?.n ?? 0;
}

// Adding to a cart is the storefront's most frequent write: its statements are compiled once per database.
const lineStatements = oncePerDatabase((db) => {
  const line = and(eq(cartItems.cartId, sql.placeholder("cartId")), eq(cartItems.productId, sql.placeholder("productId")));
  return {
    quantity: db.select({ quantity: cartItems.quantity }).from(cartItems).where(line).prepare(),
    remove: db.delete(cartItems).where(line).prepare(),
    upsert: db
      .insert(cartItems)
      .values({ cartId: sql.placeholder("cartId"), productId: sql.placeholder("productId"), quantity: sql.placeholder("quantity"), addedAt: sql.placeholder("now") })
      .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity: sql`excluded.quantity` } })
      .prepare(),
    touch: db.update(carts).set({ updatedAt: sql`${sql.placeholder("nowMs")}` }).where(eq(carts.id, sql.placeholder("cartId"))).prepare(),
  };
});

export async function lineQuantity(db: Database, cartId: number, productId: number): Promise<number> {
  const [row] = await lineStatements(db).quantity.all({ cartId, productId });
  return row?.quantity ?? 0;
}

/** Sets a line to an exact quantity (0 removes it). */
export async function setLine(db: Database, cartId: number, productId: number, quantity: number, now: Date): Promise<void> {
  const statements = lineStatements(db);
  if (quantity === 0) {
    await statements.remove.run({ cartId, productId });
    return;
  }
  await statements.upsert.run({ cartId, productId, quantity, now });
  await statements.touch.run({ cartId, nowMs: now.getTime() });
}

export async function setCartPromo(db: Database, cartId: number, code: string | null): Promise<void> {
  await db.update(carts).set({ promoCode: code }).where(eq(carts.id, cartId));
}

/** What joining the carts did: the account's earlier lines now added, and products found in both. */
export type CartMerge = { added: { productId: number; name: string }[]; overlapping: number };

/**
 * At log in, a visitor's cart joins the account's cart. For a product in both, the visitor's
 * quantity is kept (what they just chose, never the sum); the account's other lines stay and
 * are reported as added, so the next page can say so and offer to undo. The visitor's promo code
 * carries over if the account has none.
 */
export async function mergeVisitorCart(handle: DatabaseHandle, tokenHash: string, userId: number, now: Date): Promise<CartMerge> {
  const { db } = handle;
  const nothing: CartMerge = { added: [], overlapping: 0 };
  const visitor = await findCart(db, { tokenHash });
  if (!visitor) return nothing;
  const account = await ensureCart(db, { userId }, now);
  const [incoming, existing] = await Promise.all([cartLines(db, visitor.id), cartLines(db, account.id)]);
  const chosen = new Set(incoming.map((line) => line.productId));
  await handle.atomic([
    db.delete(carts).where(eq(carts.id, visitor.id)),
    ...incoming.map((line) =>
      db
        .insert(cartItems)
        .values({ cartId: account.id, productId: line.productId, quantity: line.quantity, addedAt: now })
        .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity: line.quantity } }),
    ),
    db.update(carts).set({ promoCode: account.promoCode ?? visitor.promoCode, updatedAt: now }).where(eq(carts.id, account.id)),
  ]);
  if (incoming.length === 0) return nothing;
  const added = existing.filter((line) => !chosen.has(line.productId)).map((line) => ({ productId: line.productId, name: line.name }));
  return { added, overlapping: existing.length - added.length };
}

/**
 * Undoes a merge's additions: those lines leave the cart for the shopper's "Saved for later", so
 * nothing is lost. Only lines still in the cart move; returns how many did.
 */
export async function moveLinesToWishlist(handle: DatabaseHandle, userId: number, productIds: number[], now: Date): Promise<number> {
  const { db } = handle;
  const cart = await findCart(db, { userId });
  if (!cart || productIds.length === 0) return 0;
  const present = (await cartLines(db, cart.id)).filter((line) => productIds.includes(line.productId));
  const [first, ...rest] = present.flatMap((line) => [
    db.insert(wishlistItems).values({ userId, productId: line.productId, addedAt: now }).onConflictDoNothing(),
    db.delete(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, line.productId))),
  ]);
  if (first) await handle.atomic([first, ...rest]);
  return present.length;
}
