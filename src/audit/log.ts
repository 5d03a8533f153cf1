import { and, desc, eq, like, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { auditLog, users } from "../db/schema";

export const AUDIT_PAGE_SIZE = 50;

export type AuditEntry = {
  id: number;
  action: string;
  subjectType: string;
  subjectId: number | null;
  details: string | null;
  createdAt: Date;
  actorName: string | null;
  actorEmail: string | null;
};

export type AuditQuery = { before?: number; action?: string };

/**
 * The audit trail, newest first, a page at a time (keyset on the id, so a page costs the same at
 * any depth). `action` narrows to one kind of entry or a family of them ("user." for every people action).
 */
export async function listAudit(db: Database, query: AuditQuery): Promise<{ entries: AuditEntry[]; olderThan: number | null }> {
  const filters: SQL[] = [];
  if (query.before !== undefined) filters.push(lt(auditLog.id, query.before));
  if (query.action) filters.push(query.action.endsWith(".") ? like(auditLog.action, `${query.action}%`) : eq(auditLog.action, query.action));
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries, olderThan: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null };
}

/** The kinds of entry the trail holds, for the filter. */
export async function auditActions(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((row) => row.action);
}
