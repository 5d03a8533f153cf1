/** @jsxImportSource react */
import { link, money, type Brand } from "./brand";
import { Button, EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

export type InvoiceLine = { name: string; quantityLabel: string; unitPriceCents: number; lineTotalCents: number };

export type OrderConfirmationProps = {
  name: string;
  orderNumber: string;
  placedAt: string;
  lines: InvoiceLine[];
  subtotalCents: number;
  discountCents: number;
  deliveryCents: number;
  taxCents: number;
  totalCents: number;
  billingAddress: string[];
  /** Money already taken; until then the total is an estimate (a grocer's final amount is known after picking). */
  paid?: boolean;
};

export function orderConfirmationEmail(brand: Brand, props: OrderConfirmationProps): EmailContent {
  const row = (label: string, cents: number, bold = false) => (
    <tr>
      <td colSpan={2} style={{ ...styles.td, fontWeight: bold ? 700 : 400 }}>
        {label}
      </td>
      <td style={{ ...styles.num, fontWeight: bold ? 700 : 400 }}>{money(brand, cents)}</td>
    </tr>
  );
  return {
    subject: `Order ${props.orderNumber} confirmed`,
    element: (
      <EmailLayout brand={brand} preview={`Thanks for your order ${props.orderNumber}.`}>
        <h1 style={styles.h1}>Thank you, {props.name}</h1>
        <p style={styles.p}>We received your order {props.orderNumber} and are getting it ready.</p>
        <h2 style={styles.h2}>Order summary {props.orderNumber}</h2>
        <p style={styles.muted}>
          Date: {props.placedAt}
          <br />
          Billed to: {props.billingAddress.join(", ")}
        </p>
        <table style={styles.table} role="presentation">
          <thead>
            <tr>
              <th style={styles.th}>Item</th>
              <th style={{ ...styles.th, textAlign: "right" }}>Price</th>
              <th style={{ ...styles.th, textAlign: "right" }}>Total</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line, index) => (
              <tr key={index}>
                <td style={styles.td}>
                  {line.name} × {line.quantityLabel}
                </td>
                <td style={styles.num}>{money(brand, line.unitPriceCents)}</td>
                <td style={styles.num}>{money(brand, line.lineTotalCents)}</td>
              </tr>
            ))}
            {row("Subtotal", props.subtotalCents)}
            {props.discountCents ? row("Discount", -props.discountCents) : null}
            {/* Prices include VAT; rows show only when there is a figure. The invoice follows when the order is completed. */}
            {props.deliveryCents ? row("Delivery", props.deliveryCents) : null}
            {props.taxCents ? row("VAT included", props.taxCents) : null}
            {row(props.paid ? "Total paid" : "Estimated total, charged after picking", props.totalCents, true)}
          </tbody>
        </table>
        <Button href={link(brand, `/orders/${encodeURIComponent(props.orderNumber)}`)}>View my order</Button>
      </EmailLayout>
    ),
  };
}

export type OrderStatusProps = { name: string; orderNumber: string; statusLabel: string; note?: string };

export function orderStatusEmail(brand: Brand, props: OrderStatusProps): EmailContent {
  return {
    subject: `Order ${props.orderNumber}: ${props.statusLabel}`,
    element: (
      <EmailLayout brand={brand} preview={`Your order is now ${props.statusLabel.toLowerCase()}.`}>
        <h1 style={styles.h1}>Your order is {props.statusLabel.toLowerCase()}</h1>
        <p style={styles.p}>
          Hello {props.name}, order {props.orderNumber} is now: <strong>{props.statusLabel}</strong>.
        </p>
        {props.note ? <p style={styles.p}>{props.note}</p> : null}
        <Button href={link(brand, `/orders/${encodeURIComponent(props.orderNumber)}`)}>View my order</Button>
      </EmailLayout>
    ),
  };
}

export type InvoiceEmailProps = { name: string; orderNumber: string; invoiceNumber: string; totalCents: number };

/** An issued invoice, attached as HTML (the same sheet as the printable page). */
export function invoiceEmail(brand: Brand, props: InvoiceEmailProps): EmailContent {
  return {
    subject: `Invoice ${props.invoiceNumber} for order ${props.orderNumber}`,
    element: (
      <EmailLayout brand={brand} preview={`Your invoice ${props.invoiceNumber} is attached.`}>
        <h1 style={styles.h1}>Your invoice {props.invoiceNumber}</h1>
        <p style={styles.p}>
          Hello {props.name}, your invoice {props.invoiceNumber} for order {props.orderNumber} ({money(brand, props.totalCents)}, VAT included) is attached.
          Open it to print it or keep it for your records.
        </p>
        <Button href={link(brand, `/orders/${encodeURIComponent(props.orderNumber)}/invoice`)}>View the invoice</Button>
      </EmailLayout>
    ),
  };
}
