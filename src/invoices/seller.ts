import type { Config } from "../config";
import { vatRatesOf } from "../tax/rates";
import type { VatRates } from "../tax/vat";

/** Who issues the invoices, as configuration says now; each invoice keeps a copy as it was. */
export type Seller = { name: string; address: string; vatNumber: string };

export type InvoiceContext = { now: Date; seller: Seller; vatRates: VatRates };

type SellerConfig = Pick<Config, "STORE_NAME" | "STORE_LEGAL_NAME" | "STORE_ADDRESS" | "STORE_VAT_NUMBER" | "VAT_STANDARD_PERCENT" | "VAT_REDUCED_PERCENT" | "VAT_SECOND_REDUCED_PERCENT">;

export const sellerOf = (config: SellerConfig): Seller => ({
  name: config.STORE_LEGAL_NAME ?? config.STORE_NAME,
  address: config.STORE_ADDRESS ?? "",
  vatNumber: config.STORE_VAT_NUMBER ?? "",
});

/** What issuing an invoice needs from configuration and the clock. */
export const invoiceContext = (config: SellerConfig, now: Date): InvoiceContext => ({ now, seller: sellerOf(config), vatRates: vatRatesOf(config) });
