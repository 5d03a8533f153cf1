import { documentNumber, type InvoiceDocument } from "../../src/invoices/queries";

type Money = (cents: number) => string;

/** An order's credit notes (refunds after its invoice), each linking to its printable sheet. */
export function CreditNoteList(props: { notes: InvoiceDocument[]; base: string; money: Money }) {
  if (props.notes.length === 0) return null;
  return (
    <section class="credit-notes no-print" aria-labelledby="credit-notes-title">
      <h2 id="credit-notes-title">Credit notes</h2>
      <ul>
        {props.notes.map((note) => (
          <li>
            <a href={`${props.base}/credit-notes/${documentNumber(note)}`}>Credit note {documentNumber(note)}</a>: {props.money(note.totalCents)} refunded
            {note.creditsNumber ? `, credits invoice ${note.creditsNumber}` : ""} ({note.lines.map((line) => line.description).join("; ")})
          </li>
        ))}
      </ul>
    </section>
  );
}
