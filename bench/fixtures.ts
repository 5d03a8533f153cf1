/**
 * Shoppers ready for the write scenarios, made directly in the benchmark store before the server
 * starts (logging 40,000 people in through argon2id would take longer than the benchmark):
 * sessions for the generated shoppers, and for checkout, carts already filled with three lines.
 */
import { Database } from "bun:sqlite";
import { createHash, randomBytes } from "node:crypto";
import { BENCH_SHOPPER } from "./bench-accounts";

const DAY_MS = 24 * 60 * 60 * 1000;
const newToken = () => randomBytes(32).toString("base64url");
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

function startSessions(db: Database, userIds: number[], now: number): string[] {
  const insert = db.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
  return userIds.map((userId) => {
    const token = newToken();
    insert.run(hashOf(token), userId, now, now + DAY_MS);
    return token;
  });
}

/** Products a bench cart may hold: on sale, with stock for many orders. */
function deepShelves(db: Database) {
  return db
    .query(
      `SELECT p.id, p.step, p.price_cents AS priceCents FROM products p JOIN categories c ON c.id = p.category_id
       WHERE p.active = 1 AND c.status = 'active' AND p.stock >= p.step * 200 ORDER BY (p.id * 7919) % 100003`,
    )
    .all() as { id: number; step: number; priceCents: number }[];
}

/** One session for each generated shopper (shopper1..N@bench.local), for add-to-cart. */
export function shopperSessions(dbPath: string): string[] {
  const db = new Database(dbPath);
  try {
    const ids = db.query("SELECT id FROM users WHERE email LIKE ? AND role = 'customer' ORDER BY id").all(`shopper%@${BENCH_SHOPPER.emailDomain}`) as { id: number }[];
    return db.transaction(() => startSessions(db, ids.map((row) => row.id), Date.now()))();
  } finally {
    db.close();
  }
}

/**
 * `count` checkout shoppers (checkout-N@bench.local), each signed in with a cart of three lines
 * worth at least €9 together (the store's minimum order is €5). Reused and refilled run after run.
 */
export function readyCarts(dbPath: string, count: number): string[] {
  const db = new Database(dbPath);
  try {
    return db.transaction(() => {
      const now = Date.now();
      db.run(
        `INSERT OR IGNORE INTO users (email, name, password_hash, role, created_at)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         SELECT 'checkout-' || i || '@${BENCH_SHOPPER.emailDomain}', 'Checkout Shopper ' || i,
                (SELECT password_hash FROM users WHERE email = 'shopper1@${BENCH_SHOPPER.emailDomain}'), 'customer', ? FROM n`,
        [count, now],
      );
      const ids = (db.query("SELECT id FROM users WHERE email LIKE ? ORDER BY id LIMIT ?").all(`checkout-%@${BENCH_SHOPPER.emailDomain}`, count) as { id: number }[]).map((row) => row.id);
      db.run("INSERT OR IGNORE INTO carts (user_id, created_at, updated_at) SELECT id, ?, ? FROM users WHERE email LIKE ?", [now, now, `checkout-%@${BENCH_SHOPPER.emailDomain}`]);
      db.run("DELETE FROM cart_items WHERE cart_id IN (SELECT c.id FROM carts c JOIN users u ON u.id = c.user_id WHERE u.email LIKE ?)", [`checkout-%@${BENCH_SHOPPER.emailDomain}`]);
      const shelves = deepShelves(db);
      const cartOf = db.prepare("SELECT id FROM carts WHERE user_id = ?");
      const addLine = db.prepare("INSERT INTO cart_items (cart_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)");
      ids.forEach((userId, n) => {
        const { id: cartId } = cartOf.get(userId) as { id: number };
        for (let line = 0; line < 3; line++) {
          const product = shelves[(n * 3 + line) % shelves.length]!;
          // Enough steps for the line to come to at least €3.
          const stepCents = (product.priceCents * product.step) / 1000;
          const steps = Math.max(1, Math.ceil(300 / stepCents));
          addLine.run(cartId, product.id, product.step * steps, now);
        }
      });
      return startSessions(db, ids, now);
    })();
  } finally {
    db.close();
  }
}

/** Products and one step of each, for add-to-cart requests ("id quantity" lines). */
export function cartAdditions(dbPath: string, limit = 2000): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return deepShelves(db)
      .slice(0, limit)
      .map((product) => `${product.id} ${product.step / 1000}`);
  } finally {
    db.close();
  }
}

/**
 * Bearer access tokens for the same checkout shoppers, in the same order as readyCarts() returns
 * their sessions (so one offset walks both lists): signed as the API signs them (src/api/access-tokens.ts)
 * but valid for two hours, as a benchmark run outlives the 15-minute tokens the API hands out.
 */
export async function cartTokens(dbPath: string, count: number, secret: string): Promise<string[]> {
  const { sign } = await import("hono/jwt");
  const db = new Database(dbPath, { readonly: true });
  try {
    const users = db.query("SELECT id, role FROM users WHERE email LIKE ? ORDER BY id LIMIT ?").all(`checkout-%@${BENCH_SHOPPER.emailDomain}`, count) as { id: number; role: string }[];
    const iat = Math.floor(Date.now() / 1000);
    return Promise.all(users.map((user) => sign({ sub: String(user.id), role: user.role, iat, exp: iat + 2 * 60 * 60, jti: newToken().slice(0, 16) }, secret, "HS256")));
  } finally {
    db.close();
  }
}
