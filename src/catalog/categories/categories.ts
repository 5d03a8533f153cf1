import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { slugify } from "../slug";
import type { Database, DatabaseHandle } from "../../db/client";
import { categories, categoryRequests, notifications, products, users, type Category, type CategoryRequest, type User } from "../../db/schema";
import { noticeRow } from "../../notifications/notify";
import { auditEntry } from "../../db/audit-entry";

export type Outcome = { ok: true; message: string } | { ok: false; status: 404 | 409 | 422; message: string; field?: string };

export type CategoryRow = Category & { productCount: number; pendingRequest: boolean };

export async function listCategories(db: Database): Promise<CategoryRow[]> {
  const rows = await db
    .select({
      category: categories,
      // Columns named in full: in a single-table select Drizzle leaves them unqualified, and inside
      // the subquery "id" meant the product's own id, so every aisle counted 1 product.
      productCount: sql<number>`(select count(*) from ${products} p where p.category_id = "categories"."id")`,
      pendingRequest: sql<number>`exists (select 1 from ${categoryRequests} r where r.category_id = "categories"."id" and r.status = 'pending')`,
    })
    .from(categories)
    .orderBy(asc(categories.status), asc(categories.name));
  return rows.map((row) => ({ ...row.category, productCount: Number(row.productCount), pendingRequest: Boolean(row.pendingRequest) }));
}

export async function findCategory(db: Database, id: number): Promise<Category | null> {
  return (await db.select().from(categories).where(eq(categories.id, id)))[0] ?? null;
}

export type RequestRow = CategoryRequest & { requesterName: string | null; deciderName: string | null; liveName: string | null; liveDescription: string | null };

const requester = alias(users, "requester");
const decider = alias(users, "decider");

/** Requests with who made and decided them; managers see their own, the admin sees all. */
export async function listRequests(db: Database, options: { status?: "pending"; requestedBy?: number; limit?: number } = {}): Promise<RequestRow[]> {
  const conditions = [
    options.status ? eq(categoryRequests.status, options.status) : undefined,
    options.requestedBy ? eq(categoryRequests.requestedBy, options.requestedBy) : undefined,
  ];
  const rows = await db
    .select({ request: categoryRequests, requesterName: requester.name, deciderName: decider.name, liveName: categories.name, liveDescription: categories.description })
    .from(categoryRequests)
    .leftJoin(requester, eq(requester.id, categoryRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, categoryRequests.decidedBy))
    .leftJoin(categories, eq(categories.id, categoryRequests.categoryId))
    .where(and(...conditions))
    .orderBy(options.status ? asc(categoryRequests.createdAt) : desc(categoryRequests.createdAt), desc(categoryRequests.id))
    .limit(options.limit ?? 100);
  return rows.map((row) => ({ ...row.request, requesterName: row.requesterName, deciderName: row.deciderName, liveName: row.liveName, liveDescription: row.liveDescription }));
}

async function nameTaken(db: Database, name: string, exceptId?: number): Promise<boolean> {
  const slug = slugify(name);
  const rows = await db
    .select({ id: categories.id })
    .from(categories)
    .where(sql`(${categories.slug} = ${slug} or lower(${categories.name}) = lower(${name}))${exceptId ? sql` and ${categories.id} <> ${exceptId}` : sql``}`);
  return rows.length > 0;
}

const nameInUse = (name: string): Outcome => ({ ok: false, status: 422, field: "name", message: `There is already a category called “${name}”.` });

/** The admin's category is on the shelf at once; a manager's waits for the admin as a "create" request. */
export async function createCategory(handle: DatabaseHandle, actor: User, input: { name: string; description: string }, now: Date): Promise<Outcome> {
  const { db } = handle;
  if (await nameTaken(db, input.name)) return nameInUse(input.name);
  const slug = slugify(input.name);
  if (!slug) return { ok: false, status: 422, field: "name", message: "Use some letters or digits in the name." };
  const isAdmin = actor.role === "admin";
  const categoryId = sql`(select ${categories.id} from ${categories} where ${categories.slug} = ${slug})`;
  const requestRow = { kind: "create" as const, categoryId, currentName: input.name, currentDescription: input.description, proposedName: input.name, proposedDescription: input.description, requestedBy: actor.id, createdAt: now };
  try {
    await handle.atomic([
      db.insert(categories).values({ name: input.name, slug, description: input.description, status: isAdmin ? "active" : "pending", createdBy: actor.id, createdAt: now }),
      ...(isAdmin ? [] : [db.insert(categoryRequests).values(requestRow), adminNotice(db, `New category to approve: “${input.name}”`, now)]),
      auditEntry(db, { actor, action: isAdmin ? "category.create" : "category.request_create", subjectType: "category", subjectId: categoryId, details: { name: input.name, slug }, at: now }),
    ]);
  } catch (error) {
    // Someone added the same name a moment ago: the unique slug said no.
    if (/UNIQUE/i.test(String(error))) return nameInUse(input.name);
    throw error;
  }
  return { ok: true, message: isAdmin ? `“${input.name}” is on the shelves.` : `“${input.name}” is waiting for the admin's approval.` };
}

/** The admin edits a category directly; its slug stays, so shoppers' links keep working. */
export async function editCategory(handle: DatabaseHandle, actor: User, id: number, input: { name: string; description: string }, now: Date): Promise<Outcome> {
  const { db } = handle;
  const category = await findCategory(db, id);
  if (!category) return { ok: false, status: 404, message: "That category no longer exists." };
  if (await nameTaken(db, input.name, id)) return nameInUse(input.name);
  await handle.atomic([
    db.update(categories).set({ name: input.name, description: input.description }).where(eq(categories.id, id)),
    auditEntry(db, { actor, action: "category.edit", subjectType: "category", subjectId: id, details: { from: category.name, to: input.name }, at: now }),
  ]);
  return { ok: true, message: `Saved “${input.name}”.` };
}

export async function productsInCategory(db: Database, id: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(products).where(eq(products.categoryId, id));
  return row?.n ?? 0;
}

const productsBlockDelete = (name: string, n: number): Outcome => ({
  ok: false,
  status: 409,
  message: `“${name}” still has ${n} product${n === 1 ? "" : "s"}. Move ${n === 1 ? "it" : "them"} to another category first, then delete it.`,
});

export async function deleteCategory(handle: DatabaseHandle, actor: User, id: number, now: Date): Promise<Outcome> {
  const { db } = handle;
  const category = await findCategory(db, id);
  if (!category) return { ok: false, status: 404, message: "That category no longer exists." };
  const n = await productsInCategory(db, id);
  if (n > 0) return productsBlockDelete(category.name, n);
  await handle.atomic([
    // Any open request about it is settled by the deletion.
    db.update(categoryRequests).set({ status: "declined", reason: "The admin deleted the category.", decidedBy: actor.id, decidedAt: now })
      .where(and(eq(categoryRequests.categoryId, id), eq(categoryRequests.status, "pending"))),
    db.delete(categories).where(eq(categories.id, id)),
    auditEntry(db, { actor, action: "category.delete", subjectType: "category", subjectId: id, details: { name: category.name }, at: now }),
  ]);
  return { ok: true, message: `Deleted “${category.name}”.` };
}

/** A manager asks to rename or delete an active category. */
export async function requestChange(
  handle: DatabaseHandle,
  actor: User,
  id: number,
  change: { kind: "rename"; name: string; description: string } | { kind: "delete" },
  now: Date,
): Promise<Outcome> {
  const { db } = handle;
  const category = await findCategory(db, id);
  if (!category || category.status !== "active") return { ok: false, status: 404, message: "Only an active category can be changed." };
  const [open] = await db.select({ id: categoryRequests.id }).from(categoryRequests).where(and(eq(categoryRequests.categoryId, id), eq(categoryRequests.status, "pending")));
  if (open) return { ok: false, status: 409, message: `“${category.name}” already has a request waiting for the admin.` };
  if (change.kind === "rename" && (await nameTaken(db, change.name, id))) return nameInUse(change.name);
  if (change.kind === "delete") {
    const n = await productsInCategory(db, id);
    if (n > 0) return productsBlockDelete(category.name, n);
  }
  await handle.atomic([
    db.insert(categoryRequests).values({
      kind: change.kind,
      categoryId: id,
      currentName: category.name,
      currentDescription: category.description,
      proposedName: change.kind === "rename" ? change.name : null,
      proposedDescription: change.kind === "rename" ? change.description : null,
      requestedBy: actor.id,
      createdAt: now,
    }),
    auditEntry(db, { actor, action: `category.request_${change.kind}`, subjectType: "category", subjectId: id, details: { name: category.name }, at: now }),
    adminNotice(db, `Request to ${change.kind} “${category.name}”`, now),
  ]);
  const what = change.kind === "rename" ? `rename “${category.name}” to “${change.name}”` : `delete “${category.name}”`;
  return { ok: true, message: `Your request to ${what} is waiting for the admin.` };
}

/** The admin hears of every new category request in their notifications. */
function adminNotice(db: Database, title: string, now: Date) {
  return db.insert(notifications).values(noticeRow({ to: { audience: "admin" }, kind: "pending_approval", title, link: "/manage/categories", now }));
}
