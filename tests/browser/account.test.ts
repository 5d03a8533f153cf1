import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { serverAndBrowser } from "../support/browser-server";
import { sidewaysOverflow } from "../support/phone-width";
import { startSmtpServer, type SmtpServer } from "../support/smtp";

// A real browser on a busy 2-core machine needs more than 5 s.
setDefaultTimeout(90_000);

let smtp: SmtpServer;
const shop = serverAndBrowser(async () => {
  smtp = await startSmtpServer();
  return { SMTP_URL: smtp.url, MAIL_FROM: "Grocer <shop@grocer.test>" };
});
afterAll(async () => {
  await smtp?.close();
});

/** Resolves once a message with this subject reached `to` over SMTP (the job worker sends it). */
const mailTo = (to: string, subject: RegExp) => smtp.mailTo(to, subject);

async function newPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error" && !/status of (4\d\d)/.test(message.text())) errors.push(message.text());
  });
  return page;
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${shop.server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

async function isLoggedIn(page: Page) {
  await page.goto(`${shop.server.url}/account`);
  return new URL(page.url()).pathname === "/account";
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "on" : "off";
  test(`a shopper changes the password, logs out elsewhere, exports the data and closes the account (JavaScript ${mode})`, async () => {
    const errors: string[] = [];
    const email = `rowan-${mode}@example.com`;
    const laptop = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    const phone = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 780 } });
    const page = await newPage(laptop, errors);
    const elsewhere = await newPage(phone, errors);

    await page.goto(`${shop.server.url}/signup`);
    await page.getByLabel("Name").fill("Rowan Radish");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("radish-rows-2026");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Welcome to Grocer, Rowan Radish!").waitFor();
    await logIn(elsewhere, email, "radish-rows-2026");
    expect(await isLoggedIn(elsewhere)).toBe(true);
    expect(await sidewaysOverflow(elsewhere)).toBe("");
    await elsewhere.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? shop.server.dir, `account-360-js-${mode}.png`), fullPage: true });

    // Change the password: a wrong current one first, then the right one.
    await page.goto(`${shop.server.url}/account`);
    await page.getByRole("heading", { name: "Where you're logged in" }).waitFor();
    await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? shop.server.dir, `account-1280-js-${mode}.png`), fullPage: true });
    const password = page.locator("#password");
    await password.getByLabel("Current password").fill("not-my-password");
    await password.getByLabel("New password").fill("turnip-time-2026");
    await password.getByRole("button", { name: "Change password" }).click();
    await page.getByText("That is not your current password.").waitFor();
    await page.locator("#password").getByLabel("Current password").fill("radish-rows-2026");
    await page.locator("#password").getByLabel("New password").fill("turnip-time-2026");
    await page.locator("#password").getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password is changed. Every other browser and app was logged out.").waitFor();
    expect(await isLoggedIn(elsewhere)).toBe(false);
    expect((await mailTo(email, /password was changed/)).text).toContain("Every other browser and app");

    // Log out elsewhere: the phone logs in again, the laptop ends it.
    await logIn(elsewhere, email, "turnip-time-2026");
    await page.goto(`${shop.server.url}/account`);
    await page.locator("#sign-ins li").nth(1).waitFor();
    expect(await page.locator("#sign-ins li").count()).toBe(2);
    await page.getByRole("button", { name: "Log out everywhere else" }).click();
    await page.getByText("You are logged out everywhere else.").waitFor();
    expect(await page.locator("#sign-ins li").count()).toBe(1);
    expect(await isLoggedIn(elsewhere)).toBe(false);

    // Export: prepared by the job worker, announced by email, downloaded from the account page.
    await page.getByRole("button", { name: "Prepare a copy of my data" }).click();
    await page.getByText("We are preparing a copy of your data").waitFor();
    await mailTo(email, /data is ready/);
    await page.goto(`${shop.server.url}/account`);
    const href = await page.getByRole("link", { name: "data.json" }).getAttribute("href");
    const download = await laptop.request.get(`${shop.server.url}${href}`);
    expect(download.headers()["content-disposition"]).toContain("attachment");
    expect((await download.json()).account).toMatchObject({ email, name: "Rowan Radish" });

    // Close the account.
    await page.getByRole("link", { name: "Close my account" }).click();
    await page.getByRole("heading", { name: "Close your account" }).waitFor();
    await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? shop.server.dir, `close-1280-js-${mode}.png`), fullPage: true });
    await page.getByLabel("Current password").fill("turnip-time-2026");
    await page.getByRole("button", { name: "Close my account for good" }).click();
    await page.getByText("Your account is closed and your personal data erased.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await isLoggedIn(page)).toBe(false);
    await elsewhere.goto(`${shop.server.url}/login`);
    await elsewhere.getByLabel("Email").fill(email);
    await elsewhere.getByLabel("Password").fill("turnip-time-2026");
    await elsewhere.getByRole("button", { name: "Log in" }).click();
    await elsewhere.getByText("That email and password don't match an account.").waitFor();

    expect(errors).toEqual([]);
    await laptop.close();
    await phone.close();
  });
}

test("the privacy page and the account page fit a 360 px screen", async () => {
  const context = await shop.browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await page.goto(`${shop.server.url}/privacy`);
  await page.getByRole("heading", { name: "Privacy at Grocer" }).waitFor();
  expect(await sidewaysOverflow(page)).toBe("");
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? shop.server.dir, "privacy-360.png"), fullPage: true });
  await page.getByRole("link", { name: "Privacy" }).last().waitFor();
  await context.close();
});
