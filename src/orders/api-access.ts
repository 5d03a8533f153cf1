import type { Context } from "hono";
import { staffAccess } from "../accounts/users";
import { callerOf } from "../api/bearer";
import type { ApiEnv } from "../api/env";
import { findOwnOrder, orderWithItems } from "./queries";

/** Approved managers and the admin see every order; anyone else only their own. */
export const seesEveryOrder = (c: Context<ApiEnv>) => ["manager", "admin"].includes(staffAccess(callerOf(c)));

/** The order behind an API path's id: any for staff, else only the caller's own (someone else's is as unknown as a missing one). */
export async function ownOrAnyForStaff(c: Context<ApiEnv>, id: number) {
  const { db } = c.var.deps.database;
  return seesEveryOrder(c) ? orderWithItems(db, id) : findOwnOrder(db, callerOf(c).id, id);
}
