import { DataTable } from "../components/data-table";
import type { OutboxMessage } from "../../src/db/schema";
import type { MomentFormat } from "../../src/http/days";

type AttachmentInfo = { filename: string; contentType: string; size: number };

function attachmentsOf(message: OutboxMessage): AttachmentInfo[] {
  try {
    return JSON.parse(message.attachments) as AttachmentInfo[];
  } catch {
    return [];
  }
}

export function OutboxPage({ messages, moment }: { messages: OutboxMessage[]; moment: MomentFormat }) {
  return (
    <section>
      <h1>Outbox</h1>
      <p class="muted">
        Emails the store kept instead of sending: the dev outbox is used while neither SMTP_URL nor EMAIL_API_URL is set.
      </p>
      <DataTable
        columns={["Sent", "To", "Subject"]}
        rows={messages}
        row={(message) => (
          <tr>
            <td>{moment(message.createdAt)}</td>
            <td>{message.to}</td>
            <td>
              <a href={`/admin/outbox/${message.id}`}>{message.subject}</a>
              {attachmentsOf(message).length ? <span class="muted"> · attachment</span> : null}
            </td>
          </tr>
        )}
        empty={<p class="muted">No emails yet.</p>}
      />
    </section>
  );
}

export function OutboxMessagePage({ message, narrow, moment }: { message: OutboxMessage; narrow: boolean; moment: MomentFormat }) {
  const files = attachmentsOf(message);
  return (
    <section>
      <p>
        <a href="/admin/outbox">← Outbox</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="facts">
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>Sent</dt>
        <dd>{moment(message.createdAt)}</dd>
        {files.length ? (
          <>
            <dt>Attachments</dt>
            <dd>{files.map((file) => `${file.filename} (${file.contentType}, ${file.size} bytes)`).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <p>
        Preview width: {narrow ? <a href={`/admin/outbox/${message.id}`}>full</a> : <strong>full</strong>} ·{" "}
        {narrow ? <strong>320px</strong> : <a href={`/admin/outbox/${message.id}?width=320`}>320px</a>}
      </p>
      <iframe class={narrow ? "email-preview email-preview-narrow" : "email-preview"} src={`/admin/outbox/${message.id}/html`} sandbox="" title="Email preview"></iframe>
      <h2>Plain-text part</h2>
      <pre class="email-text">{message.text}</pre>
    </section>
  );
}
