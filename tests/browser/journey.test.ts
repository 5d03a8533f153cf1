import { expect, setDefaultTimeout, test } from "bun:test";
import { serverAndBrowser } from "../support/browser-server";

// bunfig's [test] timeout is not read by this Bun; a real browser on a busy 2-core machine needs more than 5 s.
setDefaultTimeout(60_000);

const shop = serverAndBrowser();

for (const javaScriptEnabled of [true, false]) {
  test(`a shopper signs up, logs out, logs in and sees the catalog (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      // The deliberate mistake below answers 422; the browser logs that as a failed resource.
      if (message.type() === "error" && !message.text().includes("status of 422")) errors.push(message.text());
    });
    const email = `olive${javaScriptEnabled ? "-js" : "-nojs"}@example.com`;

    await page.goto(shop.server.url);
    await expect(page.getByRole("heading", { name: /Fresh groceries/ }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Sign up" }).click();

    // A mistake first: the form comes back with the error, not a blank page.
    await page.getByLabel("Name").fill("Olive Oyl");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Use at least 10 characters for your password.").waitFor();

    await page.getByLabel("Password").fill("olive-branch-2026");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Welcome to Grocer, Olive Oyl!").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");

    await page.locator("summary", { hasText: "Olive Oyl" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByText("You have logged out.").waitFor();

    await page.getByRole("link", { name: "Log in" }).first().click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("olive-branch-2026");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Welcome back, Olive Oyl.").waitFor();

    const cards = page.locator(".product-card");
    expect(await cards.count()).toBeGreaterThan(10);
    await page.getByRole("navigation", { name: "Categories" }).getByRole("link").first().click();
    await page.locator(".product-card").first().waitFor();
    expect(await page.locator("h1").textContent()).toBeTruthy();
    if (javaScriptEnabled) await page.screenshot({ path: `${shop.server.dir}/../grocer-journey.png`, fullPage: false });
    expect(errors).toEqual([]);
    await context.close();
  });
}
