import { expect, setDefaultTimeout, test } from "bun:test";
import { totpCodeAt } from "../../src/accounts/two-factor/totp";
import { serverAndBrowser } from "../support/browser-server";

// bunfig's [test] timeout is not read by this Bun; a real browser on a busy 2-core machine needs more than 5 s.
setDefaultTimeout(60_000);

const shop = serverAndBrowser();

const staff = [
  { who: "the demo manager", email: "manager@grocer.local", password: "demo-manager-pass", javaScriptEnabled: true },
  { who: "the admin", email: "admin@grocer.local", password: "admin-password-123", javaScriptEnabled: false },
];

for (const person of staff) {
  test(`${person.who} sets up an authenticator on the first back-office visit, then logs in with a code (JavaScript ${person.javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await shop.browser.newContext({ javaScriptEnabled: person.javaScriptEnabled });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });

    await page.goto(`${shop.server.url}/login?next=/manage`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Set up two-step sign-in" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/account/two-factor");

    // The QR code is a data: image; it must actually render under the CSP.
    const qr = page.getByAltText("QR code for your authenticator app");
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    const secret = (await page.locator(".totp-secret").textContent())!.replace(/\s+/g, "");
    // The key reads in groups of four, so it wraps between groups, never inside one.
    expect((await page.locator(".totp-secret").textContent())!.trim()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await page.getByLabel("Code from your authenticator app").fill("000000" === totpCodeAt(secret, new Date()) ? "111111" : "000000");
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByText("That code is not right").waitFor();

    await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, new Date()));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await page.getByRole("heading", { name: "Two-step sign-in is on" }).waitFor();
    expect(await page.locator(".recovery-codes li").count()).toBe(10);
    const recoveryCode = (await page.locator(".recovery-codes li").first().textContent())!.trim();
    // The codes download as a text file with JavaScript on or off; with it on they copy too.
    const codes = (await page.locator(".recovery-codes li").allTextContents()).map((code) => code.trim());
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as a text file" }).click()]);
    expect(download.suggestedFilename()).toBe("recovery-codes.txt");
    const file = await Bun.file(await download.path()).text();
    for (const code of codes) expect(file).toContain(`\n${code}\n`);
    const copy = page.getByRole("button", { name: "Copy the codes" });
    expect(await copy.isVisible()).toBe(person.javaScriptEnabled);
    if (person.javaScriptEnabled) {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shop.server.url });
      await copy.click();
      await page.getByRole("button", { name: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));
    }
    await page.getByRole("link", { name: "I have saved them, continue" }).click();
    await page.waitForURL(`${shop.server.url}/manage`);

    // A fresh log-in now asks for the second step; a recovery code opens it. The back-office page is
    // left first: its live notification stream would otherwise retry without a session and get 401.
    await page.goto("about:blank");
    await context.clearCookies();
    await page.goto(`${shop.server.url}/login?next=/manage`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Two-step sign-in" }).waitFor();
    await page.getByLabel("Code").fill(recoveryCode);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${shop.server.url}/manage`);
    await page.getByText("You have 9 recovery codes left.").waitFor();

    const relevant = errors.filter((text) => !text.includes("status of 422"));
    expect(relevant).toEqual([]);
    await context.close();
  });
}
