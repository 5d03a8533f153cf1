// scratch: screenshots at 1280 and 360 (not committed)
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";
import { logInStaffInBrowser } from "./tests/support/browser";
const base = "http://127.0.0.1:4717";
const [role, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const state = `/tmp/ux/state-${role}.json`;
const ctx = await browser.newContext(existsSync(state) ? { storageState: state } : {});
const page = await ctx.newPage();
if (!existsSync(state) && role !== "anon") {
  if (role === "shopper") {
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill("shopper@grocer.local");
    await page.getByLabel("Password").fill("demo-shopper-pass");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((u) => u.pathname !== "/login");
  } else {
    const email = role === "admin" ? "admin@grocer.local" : "manager@grocer.local";
    await logInStaffInBrowser(page, base, email, role === "admin" ? "admin-password-123" : "demo-manager-pass");
  }
  await ctx.storageState({ path: state });
}
for (const path of paths) {
  const name = (role + path).replace(/[^a-z0-9]+/gi, "_").slice(0, 80);
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.goto(base + path);
    await page.waitForLoadState("load"); await page.waitForTimeout(300);
    const sw = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth, document.documentElement.scrollHeight]);
    console.log(path, width, "scrollWidth/inner/height", sw.join("/"));
    await page.screenshot({ path: `/tmp/ux/shots/${name}-${width}.png`, fullPage: process.env.FULL === "1" });
  }
}
await browser.close();
