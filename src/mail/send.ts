import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { StatementTemplate } from "../db/templates";
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

/** An email as the `send-email` job's payload (what `queueEmail` stores). */
export type QueuedEmail<K extends EmailTemplateName> = { to: string; template: K; props: EmailProps[K] };

/**
 * Queueing an email as a statement template for the caller's own atomic unit, so the email exists
 * if and only if the rest commits. Bind it with the payload as JSON and `now`; `fill` sets props
 * only known inside the unit (an order's number) from SQL.
 */
export function emailJobTemplate(db: Database, fill: Record<string, SQL> = {}) {
  let payload = sql`${sql.placeholder("payload")}`;
  for (const [prop, value] of Object.entries(fill)) payload = sql`json_set(${payload}, ${`$.props.${prop}`}, ${value})`;
  return new StatementTemplate<{ payload: string; now: Date }>(
    db.insert(jobs).values({ type: SEND_EMAIL, payload, runAt: sql.placeholder("now"), maxAttempts: EMAIL_ATTEMPTS, createdAt: sql.placeholder("now") }),
  );
}

export const sendEmailJob = defineJob(SEND_EMAIL, sendEmailPayload, async ({ payload, context }) => {
  const brand = brandOf(context.deps.config);
  const rendered = await renderEmail(brand, payload.template, payload.props as never);
  await context.mailer.send({ to: payload.to, ...rendered, attachments: payload.attachments });
  // Links and codes in the props are secrets: once sent, keep only what the jobs page shows.
  return { payload: { to: payload.to, template: payload.template, subject: rendered.subject } };
});
