import { z } from "zod";

export const categoryForm = z.object({
  name: z.string().trim().min(2, "Give the category a name of at least 2 characters.").max(60, "Keep the name under 60 characters."),
  description: z.string().trim().max(300, "Keep the description under 300 characters.").default(""),
});

export const changeRequestForm = z.discriminatedUnion("kind", [
  categoryForm.extend({ kind: z.literal("rename") }),
  z.object({ kind: z.literal("delete") }),
], { message: "Choose whether to rename or delete the category." });

export const declineForm = z.object({
  reason: z.string().trim().min(3, "Tell the manager why, in a few words.").max(300, "Keep the reason under 300 characters."),
});
