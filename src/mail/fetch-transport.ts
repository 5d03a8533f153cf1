import type { Config } from "../config";
import type { DatabaseHandle } from "../db/client";
import { httpApiMailer } from "./http-api";
import type { Mailer } from "./mailer";
import { outboxMailer } from "./outbox";

export function senderAddress(config: Config): string {
  return config.MAIL_FROM ?? `${config.STORE_NAME} <no-reply@grocer.local>`;
}

/** The transports every runtime has (no sockets): the HTTP email API when configured, else the dev outbox. */
export function fetchMailer(config: Config, database: DatabaseHandle, clock: { now(): Date }): Mailer {
  if (config.EMAIL_API_URL && config.EMAIL_API_KEY) {
    return httpApiMailer({ url: config.EMAIL_API_URL, apiKey: config.EMAIL_API_KEY, from: senderAddress(config) });
  }
  return outboxMailer(database.db, clock);
}
