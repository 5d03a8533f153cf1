import type { SQL } from "drizzle-orm";
import type { Database } from "./client";
import { auditLog, type User } from "./schema";

/** One audit entry, as a statement to run inside the same atomic unit as the change it records. */
export function auditEntry(
  db: Database,
  entry: { actor: User; action: string; subjectType: string; subjectId: number | SQL | null; details: Record<string, unknown>; at: Date },
) {
  return db.insert(auditLog).values({
    actorId: entry.actor.id,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: JSON.stringify(entry.details),
    createdAt: entry.at,
  });
}
