import { z } from "zod";
import { categoryFields, declineReason } from "./contract";

/** The back office's category forms, over the category contract (contract.ts). */
export const categoryForm = z.object(categoryFields);

export const changeRequestForm = z.discriminatedUnion("kind", [
  categoryForm.extend({ kind: z.literal("rename") }),
  z.object({ kind: z.literal("delete") }),
], { message: "Choose whether to rename or delete the category." });

export const declineForm = z.object({ reason: declineReason });
