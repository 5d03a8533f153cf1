/**
 * The bare reference Grocer is measured against (bench/compare.ts): Bun + Hono + bun:sqlite, the
 * same reads Grocer's routes run, each statement prepared once at start, answers built with template
 * strings, no middleware. It serves what the benchmark asks and nothing else:
 *
 *   GET  /api/v1/products/:id                       one product as JSON (with its aisle and images)
 *   GET  /api/v1/products?category=<slug>&limit=24  a page of an aisle as JSON, most popular first
 *   GET  /products/:slug                            the product page: product, gallery, 4 related, aisle links
 *   POST /checkout                                  "Place order" for the session's cart, one transaction
 *
 * The checkout is minimal but correct: the session cookie's SHA-256 finds the shopper, the cart's
 * lines are read at the current price, the order, its lines, the stock taken (CHECK stock >= 0),
 * the emptied cart and the confirmation job are one transaction, and a repeated idempotency key
 * answers the order already placed.
 *
 *   bun bench/reference.ts --db <store file> --port <port>
 */
import { Database, type SQLQueryBindings } from "bun:sqlite";
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { plannedOnce } from "../src/db/drivers/statement-cache";

/** The reference app on a store file (bench/profile-reads.ts measures it in process, beside Grocer). */
export function referenceApp(file: string): Hono {
  const db = new Database(file);
  for (const pragma of ["busy_timeout = 5000", "journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", "mmap_size = 1073741824", "cache_size = -65536"]) {
    db.exec(`PRAGMA ${pragma}`);
  }

  const ON_SHELF = "p.active = 1 AND c.status = 'active'";
  const PRODUCT_COLUMNS = `p.*, c.name AS category_name, c.slug AS category_slug`;

  type ProductRow = {
    id: number;
    name: string;
    slug: string;
    description: string;
    category_id: number;
    category_name: string;
    category_slug: string;
    price_cents: number;
    unit: string;
    step: number;
    stock: number;
    best_before: string | null;
    sold: number;
  };
  type ImageRow = { product_id: number; key: string; alt: string };

  // The SQL compiled as Grocer compiles its own (bound LIMITs and compared parameters planned once,
  // ADR 074), so both servers run the same statements.
  const prepare = <Row = unknown, Params extends SQLQueryBindings[] = SQLQueryBindings[]>(sql: string) => db.prepare<Row, Params>(plannedOnce(sql));
  const q = {
    productById: prepare<ProductRow, [number]>(`SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE ${ON_SHELF} AND p.id = ?`),
    productBySlug: prepare<ProductRow, [string]>(`SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE ${ON_SHELF} AND p.slug = ? LIMIT 1`),
    aislePage: prepare<ProductRow, [string, number]>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE ${ON_SHELF} AND c.slug = ? ORDER BY p.sold DESC, p.id DESC LIMIT ?`,
    ),
    related: prepare<ProductRow, [number, number]>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p JOIN categories c ON c.id = p.category_id WHERE ${ON_SHELF} AND p.category_id = ? AND p.id <> ? ORDER BY p.sold DESC, p.id DESC LIMIT 4`,
    ),
    imagesOf: prepare<ImageRow, [string]>(`SELECT product_id, key, alt FROM product_images WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY position, id`),
    aisles: prepare<{ name: string; slug: string }, []>(
      `SELECT name, slug FROM categories c WHERE c.status = 'active' AND EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.active = 1) ORDER BY name`,
    ),
    shopper: prepare<{ user_id: number }, [string, number]>(`SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?`),
    cart: prepare<{ id: number; version: number }, [number]>(`SELECT id, version FROM carts WHERE user_id = ?`),
    cartLines: prepare<{ product_id: number; quantity: number; name: string; unit: string; price_cents: number }, [number]>(
      `SELECT ci.product_id, ci.quantity, p.name, p.unit, p.price_cents FROM cart_items ci JOIN products p ON p.id = ci.product_id
       JOIN categories c ON c.id = p.category_id WHERE ci.cart_id = ? AND ${ON_SHELF} ORDER BY ci.id`,
    ),
    orderByKey: prepare<{ id: number }, [number, string]>(`SELECT id FROM orders WHERE user_id = ? AND idempotency_key = ?`),
    insertOrder: prepare<{ id: number }, [number, number, number, string, string, number, number, number, number]>(
      `INSERT INTO orders (user_id, fulfilment, subtotal_cents, discount_cents, total_cents, idempotency_key, request_hash, cart_id, cart_version, placed_at, updated_at)
       VALUES (?1, 'pickup', ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id`,
    ),
    insertLine: prepare(
      `INSERT INTO order_items (order_id, product_id, name, unit, quantity, price_cents, line_total_cents) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    takeStock: prepare(`UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ?`),
    emptyCart: prepare(`DELETE FROM cart_items WHERE cart_id = ?`),
    confirmation: prepare(`INSERT INTO jobs (type, payload, run_at) VALUES ('order-confirmation', ?, ?)`),
  };

  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const money = (cents: number) => `€${(cents / 100).toFixed(2)}`;
  const quantity = (thousandths: number) => thousandths / 1000;

  function imagesBy(ids: number[]): Map<number, ImageRow[]> {
    const byProduct = new Map<number, ImageRow[]>();
    for (const image of q.imagesOf.all(JSON.stringify(ids))) {
      const list = byProduct.get(image.product_id);
      if (list) list.push(image);
      else byProduct.set(image.product_id, [image]);
    }
    return byProduct;
  }

  function productJson(p: ProductRow, images: ImageRow[]): string {
    return `{"id":${p.id},"name":${JSON.stringify(p.name)},"slug":${JSON.stringify(p.slug)},"description":${JSON.stringify(p.description)},"category":{"id":${p.category_id},"name":${JSON.stringify(p.category_name)},"slug":${JSON.stringify(p.category_slug)}},"price_cents":${p.price_cents},"unit":${JSON.stringify(p.unit)},"step":${quantity(p.step)},"stock":${quantity(p.stock)},"in_stock":${p.stock > 0},"best_before":${JSON.stringify(p.best_before)},"images":[${images.map((i) => `{"url":"/media/${i.key}"}`).join(",")}]}`;
  }

  const card = (p: ProductRow) =>
    `<li class="card"><a href="/products/${p.slug}">${escapeHtml(p.name)}</a><span class="price">${money(p.price_cents)}</span>
<form method="post" action="/cart/items"><input type="hidden" name="product_id" value="${p.id}"><button>Add to cart</button></form></li>`;

  function productPage(p: ProductRow, gallery: ImageRow[], related: ProductRow[]): string {
    const aisles = q.aisles.all();
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.name)}</title><link rel="stylesheet" href="/styles.css"></head>
<body><header><nav>${aisles.map((a) => `<a href="/categories/${a.slug}">${escapeHtml(a.name)}</a>`).join("")}</nav></header>
<main><h1>${escapeHtml(p.name)}</h1><p><a href="/categories/${p.category_slug}">${escapeHtml(p.category_name)}</a></p>
${gallery.map((i) => `<img src="/media/${i.key}" alt="${escapeHtml(i.alt)}">`).join("")}
<p class="price">${money(p.price_cents)} / ${escapeHtml(p.unit)}</p><p>${escapeHtml(p.description)}</p>
<p>${p.stock > 0 ? "In stock" : "Out of stock"}</p>
<form method="post" action="/cart/items"><input type="hidden" name="product_id" value="${p.id}"><input name="quantity" value="${quantity(p.step)}"><button>Add to cart</button></form>
<h2>You may also like</h2><ul>${related.map(card).join("")}</ul></main></body></html>`;
  }

  const app = new Hono();

  app.get("/api/v1/products/:id", (c) => {
    const product = q.productById.get(Number(c.req.param("id")));
    if (!product) return c.json({ title: "Not Found" }, 404);
    return c.body(productJson(product, imagesBy([product.id]).get(product.id) ?? []), 200, { "content-type": "application/json" });
  });

  app.get("/api/v1/products", (c) => {
    const limit = Math.min(100, Number(c.req.query("limit") ?? 24));
    const rows = q.aislePage.all(c.req.query("category") ?? "", limit + 1);
    const page = rows.slice(0, limit);
    const images = imagesBy(page.map((p) => p.id));
    const items = page.map((p) => productJson(p, images.get(p.id) ?? [])).join(",");
    return c.body(`{"items":[${items}],"next_cursor":${rows.length > limit ? `"${page.at(-1)!.sold}.${page.at(-1)!.id}"` : "null"}}`, 200, { "content-type": "application/json" });
  });

  app.get("/products/:slug", (c) => {
    const product = q.productBySlug.get(c.req.param("slug"));
    if (!product) return c.html("<h1>Not found</h1>", 404);
    const gallery = imagesBy([product.id]).get(product.id) ?? [];
    return c.html(productPage(product, gallery, q.related.all(product.category_id, product.id)));
  });

  type Line = { product_id: number; quantity: number; name: string; unit: string; price_cents: number };

  const placeOrder = db.transaction((userId: number, cart: { id: number; version: number }, lines: Line[], key: string, now: number): number => {
    const totals = lines.map((line) => Math.round((line.price_cents * line.quantity) / 1000));
    const subtotal = totals.reduce((sum, cents) => sum + cents, 0);
    const order = q.insertOrder.get(userId, subtotal, subtotal, key, key, cart.id, cart.version, now, now)!;
    lines.forEach((line, i) => {
      q.insertLine.run(order.id, line.product_id, line.name, line.unit, line.quantity, line.price_cents, totals[i]!);
      q.takeStock.run(line.quantity, now, line.product_id);
    });
    q.emptyCart.run(cart.id);
    q.confirmation.run(`{"orderId":${order.id}}`, now);
    return order.id;
  });

  app.post("/checkout", async (c) => {
    const token = /(?:^|;\s*)grocer_session=([^;]+)/.exec(c.req.header("cookie") ?? "")?.[1];
    const now = Date.now();
    const shopper = token ? q.shopper.get(createHash("sha256").update(token).digest("hex"), now) : null;
    if (!shopper) return c.redirect("/login", 303);
    const key = new URLSearchParams(await c.req.text()).get("idempotency_key") ?? crypto.randomUUID();
    const placed = q.orderByKey.get(shopper.user_id, key);
    if (placed) return c.redirect(`/orders/${placed.id}`, 303);
    const cart = q.cart.get(shopper.user_id);
    const lines = cart ? q.cartLines.all(cart.id) : [];
    if (!cart || lines.length === 0) return c.redirect("/cart", 303);
    try {
      return c.redirect(`/orders/${placeOrder(shopper.user_id, cart, lines, key, now)}`, 303);
    } catch (error) {
      // CHECK (stock >= 0), a changed price or cart: nothing was written.
      return c.text(error instanceof Error ? error.message : "refused", 409);
    }
  });

  app.get("/healthz", (c) => c.text("ok"));
  return app;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { db: { type: "string" }, port: { type: "string", default: "3900" } } });
  if (!values.db) throw new Error("--db <store file> is required");
  Bun.serve({ port: Number(values.port), hostname: "127.0.0.1", fetch: referenceApp(values.db).fetch });
}
