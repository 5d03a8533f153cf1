import type { AppDeps } from "../http/env";
import type { SalesRow } from "./monthly";

/**
 * Where the monthly report gets its sales. The orders tables come with the storefront work;
 * until that is merged there are no sales to read, so the report shows the catalog with zero sales.
 * To wire it: return one row per order line placed in [start, end) (paid orders only).
 */
export type SalesSource = (deps: AppDeps, period: { start: Date; end: Date }) => Promise<SalesRow[]>;

export const noSalesYet: SalesSource = async () => [];
