import type { Mailer } from "./mailer";

/**
 * An HTTP email API for Workers, where there are no sockets for SMTP. Posts JSON
 * { from, to, subject, html, text, attachments: [{ filename, content (base64), content_type }] }
 * with a bearer key: the shape Resend, Postmark-style relays and most gateways accept.
 */
export function httpApiMailer(options: { url: string; apiKey: string; from: string; fetch?: typeof fetch }): Mailer {
  const send = options.fetch ?? fetch;
  return {
    name: "http-api",
    async send(message) {
      const response = await send(options.url, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          from: options.from,
          to: [message.to],
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: message.attachments?.map((file) => ({
            filename: file.filename,
            content_type: file.contentType,
            content: Buffer.from(file.content, "utf8").toString("base64"),
          })),
        }),
      });
      if (!response.ok) {
        const detail = (await response.text()).slice(0, 300);
        throw new Error(`Email API answered ${response.status}: ${detail}`);
      }
    },
  };
}
