import { z } from "zod";
import type { Database } from "../db/client";
import { defineJob, type JobContext } from "../jobs/registry";
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

export const EMAIL_ATTEMPTS = 6;

/** An email as the `send-email` job's payload (what `queueEmail` stores). */
export type QueuedEmail<K extends EmailTemplateName> = { to: string; template: K; props: EmailProps[K] };

/**
 * Renders and sends one email now, from a job. Returns what the jobs page keeps of it: links and
 * codes in the props are secrets, so once sent only the address, template and subject stay.
 */
export async function deliverEmail<K extends EmailTemplateName>(context: JobContext, email: QueuedEmail<K> & { attachments?: MailAttachment[] }) {
  const rendered = await renderEmail(brandOf(context.deps.config), email.template, email.props);
  await context.mailer.send({ to: email.to, ...rendered, attachments: email.attachments });
  return { payload: { to: email.to, template: email.template, subject: rendered.subject } };
}

export const sendEmailJob = defineJob(SEND_EMAIL, sendEmailPayload, async ({ payload, context }) =>
  deliverEmail(context, { ...payload, props: payload.props as EmailProps[EmailTemplateName] }),
);
