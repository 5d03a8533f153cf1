/** @jsxImportSource react */
import { link, money, type Brand } from "./brand";
import { Button, EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

export type CreditNoteEmailProps = { name: string; orderNumber: string; creditNoteNumber: string; invoiceNumber: string; totalCents: number };

/** A refund after invoicing: the credit note, attached as HTML (the same sheet as the printable page). */
export function creditNoteEmail(brand: Brand, props: CreditNoteEmailProps): EmailContent {
  return {
    subject: `Credit note ${props.creditNoteNumber} for order ${props.orderNumber}`,
    element: (
      <EmailLayout brand={brand} preview={`A refund of ${money(brand, props.totalCents)} on order ${props.orderNumber}.`}>
        <h1 style={styles.h1}>Your credit note {props.creditNoteNumber}</h1>
        <p style={styles.p}>
          Hello {props.name}, we refunded {money(brand, props.totalCents)} (VAT included) on order {props.orderNumber}. Credit note {props.creditNoteNumber}, which
          credits invoice {props.invoiceNumber}, is attached: keep it with the invoice for your records.
        </p>
        <Button href={link(brand, `/orders/${encodeURIComponent(props.orderNumber)}/invoice`)}>View the invoice and its credit notes</Button>
      </EmailLayout>
    ),
  };
}
