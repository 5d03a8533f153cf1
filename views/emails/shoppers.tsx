/** @jsxImportSource react */
import { link, money, type Brand } from "./brand";
import { Button, EmailLayout, styles, UnsubscribeFooter } from "./parts";
import type { EmailContent } from "./types";

export type CartReminderProps = {
  name: string;
  items: { name: string; quantityLabel: string; lineTotalCents: number }[];
  totalCents: number;
  unsubscribeUrl: string;
};

export function cartReminderEmail(brand: Brand, props: CartReminderProps): EmailContent {
  return {
    subject: `You left ${props.items.length} item${props.items.length === 1 ? "" : "s"} in your cart`,
    element: (
      <EmailLayout brand={brand} preview="Your cart is waiting for you." footer={<UnsubscribeFooter href={props.unsubscribeUrl} what="cart reminders" />}>
        <h1 style={styles.h1}>Your cart is waiting</h1>
        <p style={styles.p}>Hello {props.name}, these are still in your cart:</p>
        <table style={styles.table} role="presentation">
          <tbody>
            {props.items.map((item, index) => (
              <tr key={index}>
                <td style={styles.td}>
                  {item.name} × {item.quantityLabel}
                </td>
                <td style={styles.num}>{money(brand, item.lineTotalCents)}</td>
              </tr>
            ))}
            <tr>
              <td style={{ ...styles.td, fontWeight: 700 }}>Total</td>
              <td style={{ ...styles.num, fontWeight: 700 }}>{money(brand, props.totalCents)}</td>
            </tr>
          </tbody>
        </table>
        <Button href={link(brand, "/cart")}>Go to my cart</Button>
      </EmailLayout>
    ),
  };
}

export type WeMissYouProps = { name: string; unsubscribeUrl: string };

export function weMissYouEmail(brand: Brand, props: WeMissYouProps): EmailContent {
  return {
    subject: `We miss you at ${brand.storeName}`,
    element: (
      <EmailLayout brand={brand} preview="Fresh things arrived since your last visit." footer={<UnsubscribeFooter href={props.unsubscribeUrl} what="occasional news like this" />}>
        <h1 style={styles.h1}>It's been a while, {props.name}</h1>
        <p style={styles.p}>Fresh produce, new arrivals and weekly offers are waiting. Come and have a look when it suits you.</p>
        <Button href={brand.baseUrl}>Visit the store</Button>
      </EmailLayout>
    ),
  };
}
