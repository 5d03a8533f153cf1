// In Chromium: a log-in link with a hostile `next` lands on this site's home page. A tab or newline
// inside `/<TAB>/evil.example` is dropped by the browser, which would make it `//evil.example`
// (issue 18, item 2); the rule itself is unit-tested in tests/redirects.test.ts.
import { expect, setDefaultTimeout, test } from "bun:test";
import { serverAndBrowser } from "../support/browser-server";
import { httpAgent } from "../support/store";

setDefaultTimeout(60_000);

const SHOPPER = { name: "Rita Redirect", email: "rita.redirect@example.com", password: "fresh-produce-123" };
const shop = serverAndBrowser({}, async (server) => {
  const signedUp = await httpAgent(server.url).signUp(SHOPPER);
  expect(signedUp.status).toBe(303);
});

for (const next of ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "/%09/evil.example", "https://evil.example/"]) {
  test(`log in with next=${JSON.stringify(next)}: the browser stays on this site`, async () => {
    const context = await shop.browser.newContext();
    const page = await context.newPage();
    const offSite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== shop.server.url) offSite.push(request.url());
    });
    // Nothing may leave the machine: any request to another host is refused (and recorded above).
    await context.route((url) => url.origin !== shop.server.url, (route) => route.abort());
    await page.goto(`${shop.server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(SHOPPER.email);
    await page.getByLabel("Password").fill(SHOPPER.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.getByRole("button", { name: "Log in" }).click()]);
    await page.getByRole("heading", { name: "Shop by aisle" }).waitFor();
    expect(page.url()).toBe(`${shop.server.url}/`);
    expect(offSite).toEqual([]);
    await context.close();
  });
}
