import type { Context } from "hono";
import { dayFormat, type DayFormat } from "../values/day-format";
import type { AppEnv } from "./env";

/** Days as the store's locale writes them (src/values/day-format.ts). */
export const dayFormatter = (c: Context<AppEnv>): DayFormat => dayFormat(c.get("deps").config.LOCALE);
