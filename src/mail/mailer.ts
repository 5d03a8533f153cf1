/** A file sent with a message; content is text (CSV) or bytes. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

/** One interface for every transport: SMTP, the dev outbox, an HTTP email API. */
export interface Mailer {
  readonly name: "smtp" | "outbox" | "http-api";
  send(message: MailMessage): Promise<void>;
  /** The job queue has nothing due for now: let go of open connections (the next send opens one again). */
  rest?(): Promise<void>;
}
