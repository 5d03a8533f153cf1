/** @jsxImportSource react */
import { link, money, type Brand } from "./brand";
import { Button, EmailLayout, styles, UnsubscribeFooter } from "./parts";
import type { EmailContent } from "./types";

export type LowStockLine = { name: string; stockLabel: string; thresholdLabel: string };
export type LowStockProps = { mode: "digest" | "immediate"; products: LowStockLine[] };

export function lowStockEmail(brand: Brand, props: LowStockProps): EmailContent {
  const count = props.products.length;
  const first = props.products[0]?.name ?? "a product";
  const subject =
    props.mode === "immediate" ? `Low stock: ${first}` : `Low stock digest: ${count} product${count === 1 ? "" : "s"} to restock`;
  return {
    subject,
    element: (
      <EmailLayout brand={brand} preview={subject}>
        <h1 style={styles.h1}>{props.mode === "immediate" ? "Stock just fell below its threshold" : "Products running low"}</h1>
        <table style={styles.table} role="presentation">
          <thead>
            <tr>
              <th style={styles.th}>Product</th>
              <th style={{ ...styles.th, textAlign: "right" }}>In stock</th>
              <th style={{ ...styles.th, textAlign: "right" }}>Threshold</th>
            </tr>
          </thead>
          <tbody>
            {props.products.map((line) => (
              <tr key={line.name}>
                <td style={styles.td}>{line.name}</td>
                <td style={styles.num}>{line.stockLabel}</td>
                <td style={styles.num}>{line.thresholdLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button href={link(brand, "/manage")}>Restock in the back office</Button>
      </EmailLayout>
    ),
  };
}

export type BackInStockProps = { name: string; product: { name: string; path: string; priceCents: number; unitLabel: string }; unsubscribeUrl: string };

export function backInStockEmail(brand: Brand, props: BackInStockProps): EmailContent {
  return {
    subject: `Back in stock: ${props.product.name}`,
    element: (
      <EmailLayout
        brand={brand}
        preview={`${props.product.name} is back on the shelf.`}
        footer={<UnsubscribeFooter href={props.unsubscribeUrl} what="back-in-stock notices you asked for" />}
      >
        <h1 style={styles.h1}>{props.product.name} is back</h1>
        <p style={styles.p}>
          Hello {props.name}, you asked us to tell you: {props.product.name} is back on the shelf at {money(brand, props.product.priceCents)}{" "}
          {props.product.unitLabel}.
        </p>
        <Button href={link(brand, props.product.path)}>See {props.product.name}</Button>
      </EmailLayout>
    ),
  };
}
