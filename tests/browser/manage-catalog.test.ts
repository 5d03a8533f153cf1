import { expect, test } from "bun:test";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { logInStaffInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";

// A real 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const shop = serverAndBrowser((dir) => ({ UPLOADS_DIR: join(dir, "uploads") }));

/** Staff log in with their authenticator (set up on the first back-office visit). */
async function logIn(context: BrowserContext, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await logInStaffInBrowser(page, shop.server.url, email, password);
  return page;
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    // The deliberate mistake (price 0) answers 422; the browser logs that as a failed resource.
    if (message.type() === "error" && !message.text().includes("status of 422")) errors.push(message.text());
  });
  return errors;
}

test("a manager's catalog day: propose a category, the admin approves, add a product with two images, see it in the shop", async () => {
  const managerContext = await shop.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const adminContext = await shop.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const manager = await logIn(managerContext, "manager@grocer.local", "demo-manager-pass");
  const managerErrors = collectErrors(manager);

  // The manager proposes a category (htmx swaps the section in place).
  await manager.goto(`${shop.server.url}/manage/categories`);
  await manager.getByLabel("Name").first().fill("Pickles & Preserves");
  await manager.getByLabel("Description").first().fill("Jars for the winter");
  await manager.getByRole("button", { name: "Send for approval" }).click();
  await manager.getByText("“Pickles & Preserves” is waiting for the admin's approval.").waitFor();

  // The admin approves it.
  const admin = await logIn(adminContext, "admin@grocer.local", "admin-password-123");
  const adminErrors = collectErrors(admin);
  await admin.goto(`${shop.server.url}/manage/categories`);
  const request = admin.locator("tr", { hasText: "Pickles & Preserves" }).first();
  await request.getByRole("button", { name: "Approve" }).click();
  await admin.getByText("Approved: new category “Pickles & Preserves”.").waitFor();

  // The manager adds a product in it, with a mistake first.
  await manager.goto(`${shop.server.url}/manage/products/new`);
  await manager.getByLabel("Name").fill("Dill Pickles");
  await manager.getByLabel("Category").selectOption({ label: "Pickles & Preserves" });
  await manager.getByLabel("Price", { exact: true }).fill("0");
  await manager.getByLabel("Sold by").selectOption("each");
  await manager.getByLabel("Step (smallest amount a shopper can buy)").fill("1");
  await manager.getByLabel("Opening stock").fill("24");
  await manager.getByRole("button", { name: "Add product" }).click();
  await manager.getByText("The price must be more than 0.").waitFor();
  await manager.getByLabel("Price", { exact: true }).fill("2.95");
  await manager.getByRole("button", { name: "Add product" }).click();
  await manager.getByText("Added “Dill Pickles”. Now add its images.").waitFor();

  // Two images at once, then make the second the main one.
  await manager.getByLabel(/Add images/).setInputFiles([
    { name: "jar-front.png", mimeType: "image/png", buffer: PNG },
    { name: "jar-side.png", mimeType: "image/png", buffer: PNG },
  ]);
  await manager.getByRole("button", { name: "Upload" }).click();
  await manager.getByText("Added 2 images to “Dill Pickles”.").waitFor();
  expect(await manager.locator("#product-images img").count()).toBe(2);
  await manager.getByRole("button", { name: "Make main" }).click();
  await manager.getByText("That image is now the main one.").waitFor();
  expect(await manager.locator("#product-images img").first().getAttribute("alt")).toBe("jar side");
  const src = (await manager.locator("#product-images img").first().getAttribute("src"))!;
  const image = await manager.request.get(`${shop.server.url}${src}`);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["cache-control"]).toContain("immutable");

  // In the list: filter as you type, then edit the price inline without a reload.
  await manager.goto(`${shop.server.url}/manage/products`);
  await manager.getByLabel("Name contains").fill("dill");
  await manager.locator("#product-table tbody tr").filter({ hasText: "Dill Pickles" }).waitFor();
  await manager.waitForFunction(() => document.querySelectorAll("#product-table tbody tr").length === 1);
  const marker = await manager.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await manager.getByLabel("Price of Dill Pickles").fill("3.10");
  await manager.locator("#product-table tbody tr").getByRole("button", { name: "Save" }).first().click();
  await manager.getByText("Saved “Dill Pickles”.").waitFor();
  expect(await manager.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(marker);

  // A shopper sees it in the new aisle.
  const shopper = await shop.browser.newPage();
  await shopper.goto(`${shop.server.url}/categories/pickles-and-preserves`);
  await shopper.getByText("Dill Pickles").first().waitFor();
  await shopper.getByText("€3.10 each").first().waitFor();
  await shopper.close();

  // Row actions swap the row in place; deleting a never-ordered product removes its row. htmx wires
  // up the swapped-in row's forms only after the swap settles (a task after the new row is visible;
  // the request's htmx:finally:request comes after that): a click before it posted the form as a
  // plain page on a busy machine.
  await manager.evaluate(() => {
    const w = window as unknown as { rowRequestsDone: number };
    w.rowRequestsDone = 0;
    document.addEventListener("htmx:finally:request", () => (w.rowRequestsDone += 1));
  });
  await manager.getByRole("button", { name: "Deactivate Dill Pickles" }).click();
  await manager.getByRole("button", { name: "Activate Dill Pickles" }).waitFor();
  await manager.waitForFunction(() => (window as unknown as { rowRequestsDone: number }).rowRequestsDone >= 1);
  await manager.getByRole("button", { name: "Delete Dill Pickles" }).click();
  await manager.waitForFunction(() => !document.querySelector("#product-table tbody tr"));
  expect(await manager.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(marker);
  expect((await manager.request.get(`${shop.server.url}${src}`)).status()).toBe(404);

  expect(managerErrors).toEqual([]);
  expect(adminErrors).toEqual([]);
  await managerContext.close();
  await adminContext.close();
}, 60_000);

test("without JavaScript the product form and uploads still work", async () => {
  const context = await shop.browser.newContext({ javaScriptEnabled: false });
  const manager = await logIn(context, "manager@grocer.local", "demo-manager-pass");
  await manager.goto(`${shop.server.url}/manage/products/new`);
  await manager.getByLabel("Name").fill("Plain Crackers");
  await manager.getByLabel("Category").selectOption({ index: 1 });
  await manager.getByLabel("Price", { exact: true }).fill("1.80");
  await manager.getByLabel("Sold by").selectOption("each");
  await manager.getByLabel("Step (smallest amount a shopper can buy)").fill("1");
  await manager.getByRole("button", { name: "Add product" }).click();
  await manager.getByText("Added “Plain Crackers”. Now add its images.").waitFor();
  await manager.getByLabel(/Add images/).setInputFiles([{ name: "crackers.png", mimeType: "image/png", buffer: PNG }]);
  await manager.getByRole("button", { name: "Upload" }).click();
  await manager.getByText("Added 1 image to “Plain Crackers”.").waitFor();
  await manager.getByLabel(/Add images/).setInputFiles([{ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not really a picture") }]);
  await manager.getByRole("button", { name: "Upload" }).click();
  await manager.getByText("“notes.png” is not a JPEG, PNG, WebP or AVIF image").waitFor();
  await context.close();
}, 60_000);
