import { chromium, type Browser, type Page, type Request } from "playwright-core";
import { totpCodeAt } from "../../src/accounts/two-factor/totp";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * Follows a page's requests from now on; `settled()` resolves once every request seen has finished
 * or failed. Closing a context while a response is still arriving lets Playwright's client receive
 * an event about a response it already disposed ("Object with guid response@… was not bound in the
 * connection"), thrown into whichever test runs next: wait for this before closing.
 */
export function followRequests(page: Page): { settled(): Promise<void> } {
  const inFlight = new Set<Request>();
  let waiters: (() => void)[] = [];
  const done = (request: Request) => {
    inFlight.delete(request);
    if (inFlight.size > 0) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  page.on("request", (request) => inFlight.add(request));
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return { settled: () => (inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))) };
}

const staffRecoveryCodes = new Map<string, string[]>();

/**
 * Logs a manager or the admin in through the real pages, the way staff must: the first time in a
 * store the authenticator is set up (code computed from the key the page shows), later log-ins
 * answer the second step with one of the recovery codes shown then. Ends on /manage.
 */
export async function logInStaffInBrowser(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  const key = `${baseUrl} ${email}`;
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  if (new URL(page.url()).pathname === "/login/two-factor") {
    const code = staffRecoveryCodes.get(key)?.shift();
    if (!code) throw new Error(`${email} asks for a second step but was never set up in this test run`);
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: /Continue|Log in|Verify/ }).click();
    await page.waitForURL((url) => url.pathname !== "/login/two-factor");
  }
  await page.goto(`${baseUrl}/manage`);
  if (new URL(page.url()).pathname === "/account/two-factor") {
    const secret = (await page.locator(".totp-secret").textContent())!.replace(/\s+/g, "");
    await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, new Date()));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByRole("heading", { name: "Two-step sign-in is on" }).waitFor();
    staffRecoveryCodes.set(key, (await page.locator(".recovery-codes li").allTextContents()).map((code) => code.trim()));
    await page.getByRole("link", { name: "I have saved them, continue" }).click();
    await page.waitForURL((url) => url.pathname === "/manage");
  }
}

/**
 * Staff move an order to completed on the back-office board (JavaScript off: each step a plain
 * POST), as they do when it is handed over; the invoice is issued then.
 */
export async function completeOrderOnBoard(browser: Browser, baseUrl: string, orderNumber: string, staff: { email: string; password: string }): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logInStaffInBrowser(page, baseUrl, staff.email, staff.password);
  for (const step of ["Mark picked", /Ready for pickup|Out for delivery/, "Mark completed"]) {
    await page.goto(`${baseUrl}/manage/orders`);
    await page.locator("tr", { hasText: orderNumber }).getByRole("button", { name: step }).click();
    await page.waitForURL((url) => url.pathname === "/manage/orders");
  }
  await context.close();
}

/** Signs a new shopper up through the sign-up page and waits for the welcome. */
export async function signUpInBrowser(page: Page, baseUrl: string, shopper: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Name").fill(shopper.name);
  await page.getByLabel("Email").fill(shopper.email);
  await page.getByLabel("Password").fill(shopper.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(`Welcome to Grocer, ${shopper.name}!`).waitFor();
}

/**
 * Gives the signed-in shopper an address in the demo Dublin zone and reserves the first delivery
 * slot with room; answers that slot's time as the page shows it.
 */
export async function reserveDeliverySlotInBrowser(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/slots?fulfilment=delivery`);
  await page.getByLabel("Postcode or Eircode").fill("D02 X285");
  await page.getByLabel("Street and number").fill("12 Grafton Street");
  await page.getByLabel("Town or city").fill("Dublin 2");
  await page.getByRole("button", { name: "Save the address" }).click();
  const slot = page.locator("button.slot-option:not([disabled])").first();
  await slot.waitFor();
  const time = (await slot.locator(".slot-time").textContent())!.trim();
  await slot.click();
  await page.locator("button.slot-reserved").first().waitFor();
  return time;
}
