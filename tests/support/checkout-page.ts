import { textOf, type Agent } from "./store";

/** The value of a hidden field in a page's HTML. */
export const hiddenValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

/** The checkout form's hidden fields: the retry key, the cart it was shown for, the held slot, the chosen address. */
const HIDDEN_FIELDS = ["idempotency_key", "cart_version", "slot_id", "address_id"] as const;

/**
 * Places the cart's order the way the checkout page's form posts it without JavaScript: the hidden
 * fields the page carries and the shopper's `choices` (fulfilment, payment method, ...). `page` is
 * the checkout page when the test has read it already (to look at it first).
 */
export async function placeFromCheckoutPage(agent: Agent, choices: Record<string, string>, page?: string): Promise<Response> {
  const html = page ?? (await textOf(await agent.get("/checkout")));
  const form: Record<string, string> = {};
  for (const name of HIDDEN_FIELDS) {
    const value = hiddenValue(html, name);
    if (value !== undefined) form[name] = value;
  }
  return agent.post("/checkout", { ...form, ...choices });
}
