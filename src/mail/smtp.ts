import type { Transporter } from "nodemailer";
import type { Mailer } from "./mailer";

/**
 * SMTP through nodemailer; `url` is e.g. smtp://user:pass@mail.example.com:587 or smtps://...
 * nodemailer is loaded on first use, so runtimes without sockets (Workers) never evaluate it.
 *
 * Messages go over a pooled connection (nodemailer's `pool`), kept open while the job queue has
 * mail to send: a connection per message (TCP, greeting, EHLO, the server's reverse lookup of the
 * client) capped a drain at about 9 messages a second on 127.0.0.1, a pooled one at 100-180
 * (BENCHMARKS.md). `rest()` closes it once the queue is empty, so an idle store holds no connection.
 * A `pool` setting in the URL itself wins.
 */
export function smtpMailer(url: string, from: string): Mailer & { close(): Promise<void> } {
  let transport: Promise<Transporter> | null = null;
  let sending = 0;
  const connect = () => (transport ??= import("nodemailer").then(({ createTransport }) => createTransport(pooled(url))));
  const close = async () => {
    const open = transport;
    transport = null;
    // A transport that never loaded has nothing to close; its error was the send's.
    await open?.then((pool) => pool.close(), () => undefined);
  };
  return {
    name: "smtp",
    async send(message) {
      sending++;
      try {
        await (await connect()).sendMail({
          from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: message.attachments?.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
        });
      } finally {
        sending--;
      }
    },
    async rest() {
      if (sending === 0) await close();
    },
    close,
  };
}

/** The SMTP URL with `pool=true` unless it says otherwise (nodemailer reads its options from the query). */
function pooled(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has("pool")) parsed.searchParams.set("pool", "true");
  return parsed.toString();
}
