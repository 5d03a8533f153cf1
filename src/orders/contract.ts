import { z } from "zod";
import { ORDER_STATUSES, type OrderStatus } from "../db/shop-tables";

/**
 * Moving an order, one contract whichever way it arrives: the board's form (board-routes.tsx, field
 * `to`) and the API's body and filter (api.ts, `status`) both read the state with `orderStatusInput`;
 * where it may go from there is decided once, by `moveOrder` (board.ts).
 */

/** `packed`, the name of `picked` before picking was tracked, still reads as `picked`. */
export const orderStatusInput = (message: string) =>
  z.enum([...ORDER_STATUSES, "packed"], { message }).transform((status): OrderStatus => (status === "packed" ? "picked" : status));
