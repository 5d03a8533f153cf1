import type { Config } from "../config";
import type { DatabaseHandle } from "../db/client";
import { httpApiMailer } from "./http-api";
import type { Mailer } from "./mailer";
import { outboxMailer } from "./outbox";
import { smtpMailer } from "./smtp";

export function senderAddress(config: Config): string {
  return config.MAIL_FROM ?? `${config.STORE_NAME} <no-reply@grocer.local>`;
}

/** SMTP when SMTP_URL is set, else the HTTP API when EMAIL_API_URL is set, else the dev outbox. */
export function pickMailer(config: Config, database: DatabaseHandle, clock: { now(): Date }): Mailer {
  const from = senderAddress(config);
  if (config.SMTP_URL) return smtpMailer(config.SMTP_URL, from);
  if (config.EMAIL_API_URL && config.EMAIL_API_KEY) return httpApiMailer({ url: config.EMAIL_API_URL, apiKey: config.EMAIL_API_KEY, from });
  return outboxMailer(database.db, clock);
}
