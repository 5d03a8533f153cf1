import { and, eq, isNotNull, isNull, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { users } from "../db/schema";

/** The admin and every approved, active manager: who gets stock alerts and reports. */
export async function staffRecipients(db: Database): Promise<{ id: number; email: string; name: string }[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        isNull(users.deactivatedAt),
        or(eq(users.role, "admin"), and(eq(users.role, "manager"), isNotNull(users.approvedAt))),
      ),
    )
    .orderBy(users.id);
}
