import type { Config } from "../../config";
import { REFRESH_TOKEN_DAYS } from "../../api/refresh-tokens";
import { SESSION_COOKIE, SESSION_DAYS } from "../sessions";
import { CART_COOKIE } from "../../cart/owner";
import { PENDING_COOKIE } from "../two-factor/pending";

/*
 * The privacy page is generated from configuration and from the constants the code itself uses,
 * so it says what the store really keeps, for how long, and which cookies it really sets (only
 * the ones it needs to work, so no consent banner is needed).
 */

export type PrivacyPolicy = {
  controller: { name: string; address: string | null; contact: string };
  keeps: { what: string; why: string; howLong: string }[];
  cookies: { name: string; purpose: string; lifetime: string }[];
  rights: string[];
};

export function privacyPolicy(config: Config): PrivacyPolicy {
  const years = config.ORDER_RETENTION_YEARS;
  return {
    controller: { name: config.STORE_LEGAL_NAME ?? config.STORE_NAME, address: config.STORE_ADDRESS ?? null, contact: config.PRIVACY_EMAIL ?? config.ADMIN_EMAIL },
    keeps: [
      { what: "Your name, email address and password (as a one-way hash)", why: "to run your account", howLong: "until you close your account" },
      { what: "Orders: what you bought, prices, delivery address and note", why: "to deliver them, and for invoices and tax", howLong: `${years} years after the order (tax law); closing your account removes your name, address and note from them at once` },
      { what: "Addresses you save in your address book", why: "to deliver your orders", howLong: "until you delete them or close your account" },
      { what: "Wishlist, cart, back-in-stock requests", why: "because you asked for them", howLong: "until you remove them or close your account" },
      { what: "Where you are logged in: device (browser name), network address, last use", why: "security, and so you can log out other devices", howLong: `while logged in (at most ${SESSION_DAYS} days in a browser, ${REFRESH_TOKEN_DAYS} days unused for apps)` },
      { what: "Failed log-in counts per account and address", why: "to stop password guessing", howLong: "15 minutes" },
      { what: "Which optional emails you want", why: "to respect your choice", howLong: "until you close your account" },
      { what: "Copies of your data you ask for", why: "so you can download them", howLong: `${config.DATA_EXPORT_DAYS} days` },
    ],
    cookies: [
      { name: SESSION_COOKIE, purpose: "keeps you logged in", lifetime: `${SESSION_DAYS} days, or until you log out` },
      { name: CART_COOKIE, purpose: "remembers the cart of a visitor who is not logged in", lifetime: "30 days" },
      { name: "grocer_flash", purpose: "shows a one-time message after a form (\"Saved\")", lifetime: "until the next page" },
      { name: PENDING_COOKIE, purpose: "remembers the first step of a two-step log-in", lifetime: "10 minutes" },
      { name: "grocer_oauth_state, grocer_oauth_verifier, grocer_oauth_flow", purpose: "protect a sign-in with Google, GitHub or another provider", lifetime: "10 minutes" },
    ],
    rights: [
      "see and download everything we hold about you (your account page, “Your data”)",
      "correct your name and email address (your account page)",
      "turn optional emails off (your account page, or the link in any such email)",
      "close your account and have your personal data erased (your account page)",
      "complain to your data protection authority",
    ],
  };
}
