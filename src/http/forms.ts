import type { Context } from "hono";
import type { z } from "zod";

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FormErrors; values: FormValues };

/**
 * Reads a urlencoded or multipart form and validates it with zod. Errors come back per field
 * (first message wins) together with what was typed, so the form can be shown again.
 */
export async function readForm<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.infer<S>>> {
  const values: FormValues = {};
  try {
    const body = await c.req.parseBody();
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === "string") values[key] = value;
    }
  } catch {
    return { ok: false, errors: { form: "The form could not be read. Please send it again." }, values };
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}
