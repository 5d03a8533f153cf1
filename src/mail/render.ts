import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import type { Config } from "../config";
import type { EmailContent } from "../../views/emails/types";
import { emailTemplates, type Brand, type EmailProps, type EmailTemplateName } from "../../views/emails";

export function brandOf(config: Config): Brand {
  return {
    storeName: config.STORE_NAME,
    baseUrl: config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST}:${config.PORT}`,
    currency: config.CURRENCY,
    locale: config.LOCALE,
  };
}

export type RenderedEmail = { subject: string; html: string; text: string };

// react-email's own plain-text conversion, compiled once: `render(element, { plainText: true })`
// renders the email a second time and rebuilds the converter on every call (4.8 ms against 2.2 ms).
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** HTML and its plain-text part from one template, rendered once. */
export async function renderEmail<K extends EmailTemplateName>(brand: Brand, template: K, props: EmailProps[K]): Promise<RenderedEmail> {
  const build = emailTemplates[template] as (brand: Brand, props: EmailProps[K]) => EmailContent;
  const { subject, element } = build(brand, props);
  const html = await render(element);
  return { subject, html, text: toPlainText(html) };
}
