import type { ReactElement } from "react";

/** A template's output before rendering: the subject line and the React element of the body. */
export interface EmailContent {
  subject: string;
  element: ReactElement;
}
