import { expect, setDefaultTimeout, test } from "bun:test";
import { serverAndBrowser } from "../support/browser-server";

// The store installs on a phone: a manifest with real icons, and a service worker that shows an
// offline page when the network is gone and caches nothing else.
setDefaultTimeout(180_000);

const shop = serverAndBrowser();

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

test("the manifest names the store and its icons are real PNGs of the sizes it says", async () => {
  const home = await (await fetch(`${shop.server.url}/`)).text();
  expect(home).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  const response = await fetch(`${shop.server.url}/manifest.webmanifest`);
  expect(response.headers.get("content-type")).toStartWith("application/manifest+json");
  const manifest = (await response.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(manifest).toMatchObject({ name: "Grocer", start_url: "/", display: "standalone" });
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(["192x192", "512x512", "512x512"]);
  expect(manifest.icons.some((icon) => icon.purpose === "maskable")).toBe(true);
  for (const icon of [...manifest.icons, { src: "/static/icons/icon-192.png", sizes: "192x192" }]) {
    const file = await fetch(`${shop.server.url}${icon.src}`);
    expect(`${icon.src} ${file.status} ${file.headers.get("content-type")}`).toBe(`${icon.src} 200 image/png`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(bytes.buffer);
    expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes);
  }
  const worker = await fetch(`${shop.server.url}/sw.js`);
  expect(worker.headers.get("content-type")).toStartWith("text/javascript");
  expect(worker.headers.get("cache-control")).toBe("no-cache");
});

test("offline, a page the phone opens shows the offline page; online, pages are never served from the cache", async () => {
  const context = await shop.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${shop.server.url}/`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls.sort();
  });
  expect(cached).toEqual(["/offline", "/static/favicon.svg", "/static/styles.css"]);

  await context.setOffline(true);
  await page.goto(`${shop.server.url}/categories/fruit`);
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You are offline");
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toBe("");

  await context.setOffline(false);
  await page.goto(`${shop.server.url}/categories/fruit`);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Fruit");
  await context.close();
});
