import { z } from "zod";
import { parseQuantity } from "../cart/quantity";
import { STOCK_REASONS } from "../db/schema";

/**
 * A stock change, one contract whichever way it arrives: the stock screen's form (stock.ts) and
 * the API's JSON body (api.ts) both derive from it, so they can't disagree. The page types the
 * change as text, the API sends a number; both are read by `stockDelta`, then the same rules run.
 */

/** Reads a signed amount typed in the product's unit ("+12", "-1.5", "2,25") into exact thousandths. */
export function parseStockChange(input: string): { ok: true; milli: number } | { ok: false; message: string } {
  const text = input.trim();
  const negative = text.startsWith("-");
  const parsed = parseQuantity(text.replace(/^[+-]/, ""));
  if (!parsed.ok) return { ok: false, message: "Enter the change as a number in the product's unit, like 12 or -1.5." };
  if (parsed.milli === 0) return { ok: false, message: "Enter a change other than zero." };
  return { ok: true, milli: negative ? -parsed.milli : parsed.milli };
}

/** The change as text, read into signed thousandths (not zero, at most 3 decimals). */
export const stockDelta = z.string().transform((text, ctx) => {
  const change = parseStockChange(text);
  if (change.ok) return change.milli;
  ctx.addIssue({ code: "custom", message: change.message });
  return z.NEVER;
});

/** Why stock changed, in a few words (required for "other"). */
export const stockNote = z.string().trim().max(200, "Keep the note under 200 characters.");

export const stockChangeFields = {
  reason: z.enum(STOCK_REASONS, { message: "Pick a reason for the change." }),
  note: stockNote.optional().default(""),
};

type StockChangeFacts = { reason: (typeof STOCK_REASONS)[number]; note?: string };

/**
 * The rules that tie a change to its reason: deliveries add, spoilage removes, "other" says why.
 * `delta` names the field that carries the change (the form's `change`, the API's `delta`).
 */
export const stockChangeRule =
  <D extends string>(delta: D) =>
  (change: StockChangeFacts & Record<D, number>, ctx: z.RefinementCtx) => {
    const milli = change[delta];
    if (change.reason === "delivery" && milli < 0) ctx.addIssue({ code: "custom", path: [delta], message: "A delivery adds stock: enter a positive amount." });
    if (change.reason === "spoilage" && milli > 0) ctx.addIssue({ code: "custom", path: [delta], message: "Spoilage removes stock: enter a negative amount, like -1.5." });
    if (change.reason === "other" && !change.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say what happened when the reason is Other." });
  };
