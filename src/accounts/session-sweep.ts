import { lte } from "drizzle-orm";
import type { Database } from "../db/client";
import { sessions } from "../db/schema";

/** Expired sessions no longer sign anyone in; removing them keeps the table small. Returns how many went. */
export async function sweepExpiredSessions(db: Database, slot: Date): Promise<number> {
  const removed = await db.delete(sessions).where(lte(sessions.expiresAt, slot)).returning({ tokenHash: sessions.tokenHash });
  return removed.length;
}
