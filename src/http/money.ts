import type { Context } from "hono";
import { moneyFormat } from "../values/money";
import type { AppEnv } from "./env";

/** Formats cents in the store's currency and locale. */
export function moneyFormatter(c: Context<AppEnv>): (cents: number) => string {
  const { CURRENCY, LOCALE } = c.get("deps").config;
  return moneyFormat(CURRENCY, LOCALE);
}
