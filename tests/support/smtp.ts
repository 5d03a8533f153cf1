import PostalMime from "postal-mime";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; mimeType: string; content: string }[];
};

/** A real SMTP server (npm smtp-server) on 127.0.0.1 that keeps every message it receives, parsed. */
export async function startSmtpServer() {
  const messages: ReceivedMail[] = [];
  /** Who is waiting for which message: checked as each one arrives. */
  let waiters: { wanted: (message: ReceivedMail) => boolean; resolve: (message: ReceivedMail) => void }[] = [];
  const received = (message: ReceivedMail) => {
    messages.push(message);
    const served = waiters.filter((waiter) => waiter.wanted(message));
    waiters = waiters.filter((waiter) => !served.includes(waiter));
    for (const waiter of served) waiter.resolve(message);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        try {
          const email = await PostalMime.parse(Buffer.concat(chunks), { attachmentEncoding: "utf8" });
          received({
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: email.from?.address ?? "",
            subject: email.subject ?? "",
            text: email.text ?? "",
            html: email.html ?? "",
            attachments: email.attachments.map((file) => ({ filename: file.filename ?? "", mimeType: file.mimeType, content: String(file.content) })),
          });
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    /** Messages delivered to `to` so far. */
    to: (address: string) => messages.filter((message) => message.envelopeTo.includes(address)),
    /** The first message to `to` (whose subject matches, if given) delivered so far, or the next one when it arrives. */
    mailTo: (address: string, subject?: RegExp) => {
      const wanted = (message: ReceivedMail) => message.envelopeTo.includes(address) && (!subject || subject.test(message.subject));
      const found = messages.find(wanted);
      return found ? Promise.resolve(found) : new Promise<ReceivedMail>((resolve) => waiters.push({ wanted, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;
