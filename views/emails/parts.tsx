/** @jsxImportSource react */
import type { CSSProperties, ReactNode } from "react";
import type { Brand } from "./brand";

/*
 * Email clients ignore stylesheets and most layout, so styles are inline, widths are fluid
 * (max 560px, no fixed widths) and text is 16px: it reads well on a 320px screen.
 */
const colors = { green: "#2f7d32", ink: "#1f2a1f", muted: "#5b665b", line: "#dfe6df", paper: "#f6f8f4" };
const font = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const styles = {
  p: { margin: "0 0 16px", fontSize: "16px", lineHeight: "24px", color: colors.ink } satisfies CSSProperties,
  muted: { margin: "0 0 12px", fontSize: "14px", lineHeight: "20px", color: colors.muted } satisfies CSSProperties,
  h1: { margin: "0 0 16px", fontSize: "22px", lineHeight: "28px", color: colors.ink } satisfies CSSProperties,
  h2: { margin: "24px 0 8px", fontSize: "18px", lineHeight: "24px", color: colors.ink } satisfies CSSProperties,
  code: { display: "inline-block", padding: "8px 12px", fontSize: "24px", letterSpacing: "4px", fontFamily: "monospace", background: colors.paper, border: `1px solid ${colors.line}`, borderRadius: "6px" } satisfies CSSProperties,
  table: { width: "100%", borderCollapse: "collapse", fontSize: "15px", color: colors.ink } satisfies CSSProperties,
  th: { textAlign: "left", padding: "6px 4px", borderBottom: `2px solid ${colors.line}`, fontSize: "13px", color: colors.muted } satisfies CSSProperties,
  td: { padding: "6px 4px", borderBottom: `1px solid ${colors.line}`, verticalAlign: "top", wordBreak: "break-word" } satisfies CSSProperties,
  num: { padding: "6px 4px", borderBottom: `1px solid ${colors.line}`, textAlign: "right", whiteSpace: "nowrap" } satisfies CSSProperties,
  colors,
};

export function EmailLayout(props: { brand: Brand; preview: string; children: ReactNode; footer?: ReactNode }) {
  const { brand } = props;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{brand.storeName}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: colors.paper, fontFamily: font }}>
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden" }}>{props.preview}</div>
        <div style={{ maxWidth: "560px", margin: "0 auto", padding: "16px 12px", overflowWrap: "anywhere", wordBreak: "break-word" }}>
          <div style={{ padding: "12px 0", fontSize: "20px", fontWeight: 700, color: colors.green }}>
            <a href={brand.baseUrl} style={{ color: colors.green, textDecoration: "none" }}>
              {brand.storeName}
            </a>
          </div>
          <div style={{ background: "#ffffff", border: `1px solid ${colors.line}`, borderRadius: "8px", padding: "20px 16px" }}>{props.children}</div>
          <div style={{ padding: "16px 4px", fontSize: "13px", lineHeight: "18px", color: colors.muted }}>
            {props.footer}
            <p style={{ margin: "8px 0 0" }}>
              {brand.storeName} · fresh groceries, fair prices · <a href={brand.baseUrl} style={{ color: colors.muted }}>{brand.baseUrl}</a>
            </p>
          </div>
        </div>
      </body>
    </html>
  );
}

export function Button(props: { href: string; children: ReactNode }) {
  return (
    <p style={{ margin: "8px 0 20px" }}>
      <a
        href={props.href}
        style={{ display: "inline-block", background: colors.green, color: "#ffffff", padding: "12px 20px", borderRadius: "6px", fontSize: "16px", fontWeight: 600, textDecoration: "none" }}
      >
        {props.children}
      </a>
    </p>
  );
}

export function UnsubscribeFooter({ href, what }: { href: string; what: string }) {
  return (
    <p style={{ margin: 0 }}>
      You get {what} because you shop with us. <a href={href} style={{ color: colors.muted }}>Unsubscribe with one click</a>.
    </p>
  );
}
