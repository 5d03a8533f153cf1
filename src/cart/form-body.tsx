import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { ErrorPage } from "../../views/errors";

export type FormFields = Record<string, string | File>;

/**
 * The posted form's fields, or null when the body cannot be read as a form (a broken multipart
 * body made Hono's parser throw, which answered 500).
 */
export async function formFields(c: Context<AppEnv>): Promise<FormFields | null> {
  try {
    return await c.req.parseBody();
  } catch {
    return null;
  }
}

/** The 400 for a body that is not a readable form; nothing was changed. */
export function unreadableForm(c: Context<AppEnv>) {
  const page = <ErrorPage heading="We couldn't read that form" message="The form could not be read, so nothing was changed. Please go back and send it again." />;
  return renderPage(c, "Form not read", page, { status: 400 });
}
