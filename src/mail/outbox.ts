import { desc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { outboxMessages, type OutboxMessage } from "../db/schema";
import type { Mailer } from "./mailer";

/** Development transport: keeps every message in the database for /admin/outbox. */
export function outboxMailer(db: Database, clock: { now(): Date }): Mailer {
  return {
    name: "outbox",
    async send(message) {
      const attachments = (message.attachments ?? []).map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        size: new TextEncoder().encode(file.content).length,
      }));
      await db.insert(outboxMessages).values({
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        attachments: JSON.stringify(attachments),
        createdAt: clock.now(),
      });
    },
  };
}

export async function listOutbox(db: Database, limit = 100): Promise<OutboxMessage[]> {
  return db.select().from(outboxMessages).orderBy(desc(outboxMessages.id)).limit(limit);
}

export async function findOutboxMessage(db: Database, id: number): Promise<OutboxMessage | null> {
  const rows = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1);
  return rows[0] ?? null;
}
