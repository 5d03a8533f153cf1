import type { Config } from "../config";
import type { DatabaseHandle } from "../db/client";
import { fetchMailer, senderAddress } from "./fetch-transport";
import type { Mailer } from "./mailer";
import { smtpMailer } from "./smtp";

export { senderAddress } from "./fetch-transport";

/** SMTP when SMTP_URL is set, else the HTTP API when EMAIL_API_URL is set, else the dev outbox. */
export function pickMailer(config: Config, database: DatabaseHandle, clock: { now(): Date }): Mailer {
  if (config.SMTP_URL) return smtpMailer(config.SMTP_URL, senderAddress(config));
  return fetchMailer(config, database, clock);
}
