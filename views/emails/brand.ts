import { formatMoney } from "../../src/values/money";

/** What every email needs to look like the store and to format money and links. */
export interface Brand {
  storeName: string;
  baseUrl: string;
  currency: string;
  locale: string;
}

export function money(brand: Brand, cents: number): string {
  return formatMoney(cents, brand.currency, brand.locale);
}

export const link = (brand: Brand, path: string) => `${brand.baseUrl.replace(/\/$/, "")}${path}`;
