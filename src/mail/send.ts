import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database, Statement } from "../db/client";
import { jobs } from "../db/schema";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { emailTemplates, type EmailProps, type EmailTemplateName } from "../../views/emails";
import type { MailAttachment } from "./mailer";
import { brandOf, renderEmail } from "./render";

export const SEND_EMAIL = "send-email";

const templateNames = Object.keys(emailTemplates) as [EmailTemplateName, ...EmailTemplateName[]];

const sendEmailPayload = z.object({
  to: z.email(),
  template: z.enum(templateNames),
  props: z.record(z.string(), z.unknown()),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() })).optional(),
});

/**
 * Queues an email; the job renders and sends it, and retries with backoff when the transport fails.
 * Nothing is ever sent inside a request.
 */
export async function queueEmail<K extends EmailTemplateName>(
  db: Database,
  now: Date,
  email: { to: string; template: K; props: EmailProps[K]; attachments?: MailAttachment[] },
) {
  return enqueue(db, SEND_EMAIL, email, now, { maxAttempts: EMAIL_ATTEMPTS });
}

const EMAIL_ATTEMPTS = 6;

/**
 * The same email as a statement for the caller's own atomic unit, so it is queued if and only if
 * the rest commits. `fill` sets props only known inside the unit (an order's number) from SQL.
 */
export function emailJobStatement<K extends EmailTemplateName>(
  db: Database,
  now: Date,
  email: { to: string; template: K; props: EmailProps[K] },
  fill: Partial<Record<keyof EmailProps[K] & string, SQL>> = {},
): Statement {
  let payload = sql`${JSON.stringify(email)}`;
  for (const [prop, value] of Object.entries(fill) as [string, SQL][]) payload = sql`json_set(${payload}, ${`$.props.${prop}`}, ${value})`;
  return db.insert(jobs).values({ type: SEND_EMAIL, payload, runAt: now, maxAttempts: EMAIL_ATTEMPTS, createdAt: now });
}

export const sendEmailJob = defineJob(SEND_EMAIL, sendEmailPayload, async ({ payload, context }) => {
  const brand = brandOf(context.deps.config);
  const rendered = await renderEmail(brand, payload.template, payload.props as never);
  await context.mailer.send({ to: payload.to, ...rendered, attachments: payload.attachments });
  // Links and codes in the props are secrets: once sent, keep only what the jobs page shows.
  return { payload: { to: payload.to, template: payload.template, subject: rendered.subject } };
});
