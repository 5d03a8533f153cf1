/** @jsxImportSource react */
import type { MonthlyReport } from "../../src/reports/monthly";
import { money, type Brand } from "./brand";
import { EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

export type MonthlyReportProps = { report: MonthlyReport };

/** A bar as two table cells: renders in every email client (no SVG, no scripts, no CSS width on divs). */
function Bar({ percent }: { percent: number }) {
  const filled = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: "collapse" }}>
      <tbody>
        <tr>
          {filled > 0 ? <td width={`${filled}%`} style={{ background: styles.colors.green, height: "10px", fontSize: "1px", lineHeight: "1px" }}>&nbsp;</td> : null}
          {filled < 100 ? <td style={{ background: styles.colors.line, height: "10px", fontSize: "1px", lineHeight: "1px" }}>&nbsp;</td> : null}
        </tr>
      </tbody>
    </table>
  );
}

function Ranking({ brand, title, rows, top }: { brand: Brand; title: string; rows: MonthlyReport["bestSellers"]; top: number }) {
  return (
    <>
      <h2 style={styles.h2}>{title}</h2>
      {rows.length === 0 ? <p style={styles.muted}>No products to show.</p> : null}
      {rows.map((row) => (
        <div key={row.name} style={{ margin: "0 0 10px" }}>
          <p style={{ ...styles.muted, margin: "0 0 4px", color: styles.colors.ink }}>
            {row.name} · {money(brand, row.revenueCents)}
          </p>
          <Bar percent={top > 0 ? (row.revenueCents / top) * 100 : 0} />
        </div>
      ))}
    </>
  );
}

export function monthlyReportEmail(brand: Brand, { report }: MonthlyReportProps): EmailContent {
  const top = Math.max(0, ...report.bestSellers.map((row) => row.revenueCents));
  return {
    subject: `${brand.storeName} monthly report: ${report.monthLabel}`,
    element: (
      <EmailLayout brand={brand} preview={`Revenue ${money(brand, report.revenueCents)} from ${report.orderCount} orders.`}>
        <h1 style={styles.h1}>Monthly report: {report.monthLabel}</h1>
        <table style={styles.table} role="presentation">
          <tbody>
            <tr>
              <td style={styles.td}>Revenue</td>
              <td style={{ ...styles.num, fontWeight: 700 }}>{money(brand, report.revenueCents)}</td>
            </tr>
            <tr>
              <td style={styles.td}>Orders</td>
              <td style={{ ...styles.num, fontWeight: 700 }}>{report.orderCount}</td>
            </tr>
            <tr>
              <td style={styles.td}>Average order</td>
              <td style={styles.num}>{money(brand, report.averageOrderCents)}</td>
            </tr>
          </tbody>
        </table>
        <Ranking brand={brand} title="Best sellers" rows={report.bestSellers} top={top} />
        <Ranking brand={brand} title="Slowest sellers" rows={report.worstSellers} top={top} />
        <h2 style={styles.h2}>Sales by category</h2>
        {report.categories.map((category) => (
          <div key={category.name} style={{ margin: "0 0 10px" }}>
            <p style={{ ...styles.muted, margin: "0 0 4px", color: styles.colors.ink }}>
              {category.name} · {money(brand, category.revenueCents)} ({category.sharePercent}%)
            </p>
            <Bar percent={category.sharePercent} />
          </div>
        ))}
        <p style={styles.muted}>The attached CSV has every product's figures for the month.</p>
      </EmailLayout>
    ),
  };
}
