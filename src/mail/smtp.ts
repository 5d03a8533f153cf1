import type { Transporter } from "nodemailer";
import type { Mailer } from "./mailer";

/**
 * SMTP through nodemailer; `url` is e.g. smtp://user:pass@mail.example.com:587 or smtps://...
 * nodemailer is loaded on first use, so runtimes without sockets (Workers) never evaluate it.
 */
export function smtpMailer(url: string, from: string): Mailer & { close(): Promise<void> } {
  let transport: Promise<Transporter> | null = null;
  const connect = () => (transport ??= import("nodemailer").then(({ createTransport }) => createTransport(url)));
  return {
    name: "smtp",
    async send(message) {
      await (await connect()).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        attachments: message.attachments?.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
      });
    },
    async close() {
      if (transport) (await transport).close();
    },
  };
}
