import { createTransport } from "nodemailer";
import type { Mailer } from "./mailer";

/** SMTP through nodemailer; `url` is e.g. smtp://user:pass@mail.example.com:587 or smtps://... */
export function smtpMailer(url: string, from: string): Mailer & { close(): void } {
  const transport = createTransport(url);
  return {
    name: "smtp",
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        attachments: message.attachments?.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
      });
    },
    close: () => transport.close(),
  };
}
