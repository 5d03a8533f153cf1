/** @jsxImportSource react */
import { link, money, type Brand } from "./brand";
import { Button, EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

/** One changed line as the email lists it: a label (Weighed, Substituted...), what it says, old and new amounts. */
export type PickedLine = { label: string; text: string; oldCents: number; newCents: number };

export type OrderPickedProps = {
  name: string;
  orderNumber: string;
  changes: PickedLine[];
  estimateCents: number;
  discountCents: number;
  feeCents: number;
  amountDueCents: number;
};

/** "Your order is picked": what changed (weighed, substituted, fewer, unavailable), old and new amounts, the final total. */
export function orderPickedEmail(brand: Brand, props: OrderPickedProps): EmailContent {
  return {
    subject: `Order ${props.orderNumber} is picked: ${money(brand, props.amountDueCents)}`,
    element: (
      <EmailLayout brand={brand} preview={`Your final total is ${money(brand, props.amountDueCents)}.`}>
        <h1 style={styles.h1}>Your order is picked</h1>
        <p style={styles.p}>
          Hello {props.name}, we have picked order {props.orderNumber}. {props.changes.length ? "Here is what changed:" : "Everything was picked as you ordered it."}
        </p>
        {props.changes.length ? (
          <table style={styles.table} role="presentation">
            <thead>
              <tr>
                <th style={styles.th}>Line</th>
                <th style={{ ...styles.th, textAlign: "right" }}>Was</th>
                <th style={{ ...styles.th, textAlign: "right" }}>Now</th>
              </tr>
            </thead>
            <tbody>
              {props.changes.map((line) => (
                <tr>
                  <td style={styles.td}>
                    <strong>{line.label}</strong>: {line.text}
                  </td>
                  <td style={styles.num}>{money(brand, line.oldCents)}</td>
                  <td style={styles.num}>{money(brand, line.newCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p style={{ ...styles.p, marginTop: "16px" }}>
          Estimated at checkout: {money(brand, props.estimateCents)}
          {props.discountCents ? ` · discount ${money(brand, props.discountCents)}` : ""}
          {props.feeCents ? ` · delivery ${money(brand, props.feeCents)}` : ""}
          <br />
          <strong>Final total: {money(brand, props.amountDueCents)}</strong>
        </p>
        <p style={styles.muted}>You can refuse a substitute at the door or the collection desk: it comes off your bill.</p>
        <Button href={link(brand, `/orders/${encodeURIComponent(props.orderNumber)}`)}>View my order</Button>
      </EmailLayout>
    ),
  };
}
