import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { HtmlEscapedString } from "hono/utils/html";

/**
 * A long page's sections, each rendered in its own turn of the event loop, in the page's order
 * (ADR 075). A report page's body takes 5-8 ms to render at 1M products; in one go, every shopper's
 * request that arrived meanwhile waited for all of it. Between two sections the thread answers
 * them. One `inTurns()` per page rendered; the HTML is the same as without it.
 */
export function inTurns(): (props: { children?: Child }) => Promise<HtmlEscapedString> {
  let previous: Promise<unknown> = Promise.resolve();
  return (props) => {
    const rendered = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => raw(String(await (<>{props.children}</>).toString())));
    previous = rendered;
    return rendered;
  };
}
