import { z } from "zod";

/**
 * Category writes, one contract whichever way they arrive: the back office's forms (forms.ts) and
 * the API's JSON bodies (api.ts, requests-api.ts) both derive from these fields.
 */
export const categoryFields = {
  name: z.string().trim().min(2, "Give the category a name of at least 2 characters.").max(60, "Keep the name under 60 characters."),
  description: z.string().trim().max(300, "Keep the description under 300 characters.").default(""),
};

/** Why the admin declined a manager's request, shown to the manager. */
export const declineReason = z.string().trim().min(3, "Tell the manager why, in a few words.").max(300, "Keep the reason under 300 characters.");
