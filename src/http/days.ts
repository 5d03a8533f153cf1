import type { Context } from "hono";
import { dayFormat, type DayFormat } from "../values/day-format";
import { shopMomentFormat } from "../values/moments";
import type { AppEnv } from "./env";

/** Days as the store's locale writes them (src/values/day-format.ts). */
export const dayFormatter = (c: Context<AppEnv>): DayFormat => dayFormat(c.get("deps").config.LOCALE);

/** When something happened, on the store's clock (STORE_TIMEZONE) as its locale writes it: "7 Dec 2026, 14:05". */
export type MomentFormat = (date: Date) => string;
export const momentFormatter = (c: Context<AppEnv>): MomentFormat => {
  const { LOCALE, STORE_TIMEZONE } = c.get("deps").config;
  // Looked up once per request, not per date shown.
  const format = shopMomentFormat(STORE_TIMEZONE, LOCALE);
  return (date) => format.format(date);
};
