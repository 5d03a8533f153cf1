import { beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { BrowserContext, Page } from "playwright-core";
import { DEMO_ACCOUNTS } from "../../src/demo/seed";
import { CHROMIUM_PATH, logInStaffInBrowser } from "../support/browser";
import { serverAndBrowser } from "../support/browser-server";

// Lighthouse and axe-core, both from npm, against the real server with the demo store: every
// main shopper and back-office page has no axe violation, and Lighthouse scores at least 95 for
// accessibility, best practices and SEO on the shopper pages (home, aisle, search, product, cart,
// checkout, orders) on a phone and on the main back-office pages on a desktop.
// Performance is reported, not asserted: it is measured from the CPU time the page takes on this
// machine, which other work shares (ADR 023); its score is printed with each run.
setDefaultTimeout(900_000);

const ROOT = join(import.meta.dir, "..", "..");
const AXE_SOURCE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const NODE = join(ROOT, "node_modules/node/bin/node");
const LIGHTHOUSE_RUNS = join(ROOT, "tests/support/lighthouse-runs.mjs");

// The shared server and browser (axe runs in this browser; Lighthouse runs in one Chromium of its own).
const shop = serverAndBrowser();
let shopperCookie = "";
let staffCookie = "";
let shopper: BrowserContext;
let staff: BrowserContext;
beforeAll(async () => {
  // axe is injected as a script; the store's CSP (rightly) refuses inline scripts, so these contexts bypass it.
  shopper = await shop.browser.newContext({ bypassCSP: true });
  const page = await shopper.newPage();
  await page.goto(`${shop.server.url}/login`);
  await page.getByLabel("Email").fill(DEMO_ACCOUNTS.shopper.email);
  await page.getByLabel("Password").fill(DEMO_ACCOUNTS.shopper.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.goto(`${shop.server.url}/products/organic-whole-milk-1-l`);
  await page.locator(".product-facts").getByRole("button", { name: "Add to cart" }).click();
  await page.locator(".added-note").waitFor();
  shopperCookie = await sessionCookie(shopper);
  staff = await shop.browser.newContext({ bypassCSP: true });
  await logInStaffInBrowser(await staff.newPage(), shop.server.url, "admin@grocer.local", "admin-password-123");
  staffCookie = await sessionCookie(staff);
});

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

/** axe-core's violations on the page as it is, described one a line. */
async function axeViolations(page: Page, path: string): Promise<string[]> {
  const response = await page.goto(`${shop.server.url}${path}`);
  expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
  await page.waitForLoadState("load");
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.map((v) => `${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

async function axeAt(context: BrowserContext, width: number, paths: string[]): Promise<string[]> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: width < 640 ? 740 : 900 });
  const problems: string[] = [];
  for (const path of paths) problems.push(...(await axeViolations(page, path)));
  await page.close();
  return problems;
}

const SHOPPER_PAGES = ["/", "/categories/fruit", "/search?q=milk", "/search?q=chese", "/products/bananas-fairtrade", "/cart", "/checkout", "/orders", "/wishlist", "/account", "/notifications"];
const VISITOR_PAGES = ["/", "/categories/bakery?page=2", "/search?q=xyzzy", "/login", "/signup", "/sell", "/privacy", "/offline"];
const BACK_OFFICE_PAGES = [
  "/manage",
  "/manage/products",
  "/manage/products/new",
  "/manage/products/1",
  "/manage/categories",
  "/manage/stock",
  "/manage/orders",
  "/manage/promo-codes",
  "/manage/reports",
  "/manage/notifications",
  "/admin/people",
  "/admin/jobs",
  "/admin/audit",
  "/admin/outbox",
];

test("axe finds nothing on shopper pages, on a desktop and on a phone", async () => {
  const visitor = await shop.browser.newContext({ bypassCSP: true });
  const problems = [...(await axeAt(visitor, 1280, VISITOR_PAGES)), ...(await axeAt(visitor, 360, VISITOR_PAGES))];
  await visitor.close();
  problems.push(...(await axeAt(shopper, 1280, SHOPPER_PAGES)), ...(await axeAt(shopper, 360, SHOPPER_PAGES)));
  const firstOrder = await (async () => {
    const page = await shopper.newPage();
    await page.goto(`${shop.server.url}/orders`);
    const href = await page.locator("a[href^='/orders/']").first().getAttribute("href");
    await page.close();
    return href!;
  })();
  problems.push(...(await axeAt(shopper, 1280, [firstOrder])));
  expect(problems).toEqual([]);
});

test("axe finds nothing on the back office's pages, on a desktop and on a phone", async () => {
  const problems = [...(await axeAt(staff, 1280, BACK_OFFICE_PAGES)), ...(await axeAt(staff, 360, ["/manage", "/manage/products", "/manage/products/1", "/manage/orders"]))];
  expect(problems).toEqual([]);
});

type LighthouseReport = {
  /** Set when Lighthouse itself failed to measure the page (NO_NAVSTART, NO_FCP...): its scores are then empty. */
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { id: string; score: number | null; scoreDisplayMode: string; title: string; displayValue?: string }>;
};

type LighthouseRun = { name: string; path: string; formFactor: "mobile" | "desktop"; cookie: string };

/**
 * Lighthouse on every run, by its node API in Node (as it is made for), all in ONE headless
 * Chromium (tests/support/lighthouse-runs.mjs hands Lighthouse the browser's port): a page more is
 * a run more, not a browser start more.
 */
async function lighthouseAll(runs: LighthouseRun[]): Promise<Map<string, LighthouseReport>> {
  const dir = mkdtempSync(join(tmpdir(), "grocer-lighthouse-"));
  try {
    const list = runs.map((run) => ({ name: run.name, url: `${shop.server.url}${run.path}`, formFactor: run.formFactor, cookie: run.cookie }));
    writeFileSync(join(dir, "runs.json"), JSON.stringify(list));
    const child = Bun.spawn([NODE, LIGHTHOUSE_RUNS, join(dir, "runs.json"), dir], { cwd: ROOT, env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, stdout: "pipe", stderr: "pipe" });
    const [code, errors] = await Promise.all([child.exited, new Response(child.stderr).text()]);
    if (code !== 0) throw new Error(`lighthouse runs exited ${code}: ${errors.slice(-2000)}`);
    return new Map(runs.map((run) => [run.name, JSON.parse(readFileSync(join(dir, `${run.name}.json`), "utf8")) as LighthouseReport]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The runs, and again (at most four times more, each in a fresh browser) those where Lighthouse
 * reports its own runtime error (it lost the navigation on the loaded machine): a low score is a
 * result and is never run again. In the two-worker suite a page once lost it three times running
 * (NO_NAVSTART) beside a busy test file, and measured 99 alone.
 */
const LIGHTHOUSE_RERUNS = 4;
async function measured(runs: LighthouseRun[]): Promise<Map<string, LighthouseReport>> {
  const reports = await lighthouseAll(runs);
  for (let retry = 1; retry <= LIGHTHOUSE_RERUNS; retry += 1) {
    const failed = runs.filter((run) => reports.get(run.name)!.runtimeError);
    if (failed.length === 0) break;
    for (const run of failed) console.log(`lighthouse ${run.path} (${run.formFactor}): Lighthouse runtime error ${reports.get(run.name)!.runtimeError!.code}, run ${retry + 1}`);
    for (const [name, report] of await lighthouseAll(failed)) reports.set(name, report);
  }
  for (const run of runs) {
    const error = reports.get(run.name)!.runtimeError;
    if (error) throw new Error(`lighthouse ${run.path} (${run.formFactor}) could not measure the page: ${error.code} ${error.message}`);
  }
  return reports;
}

/** The figures behind the performance score, printed with it. */
function performanceFigures(report: LighthouseReport): string {
  const ids = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index", "render-blocking-resources"];
  return ids.map((id) => `${id} ${report.audits[id]?.displayValue ?? "-"}`).join(", ");
}

/** Categories under 95 (performance aside), each with the audits that cost it points. */
function shortfalls(label: string, report: LighthouseReport): string[] {
  const scores = Object.entries(report.categories).map(([name, category]) => `${name} ${Math.round((category.score ?? 0) * 100)}`);
  console.log(`lighthouse ${label}: ${scores.join(", ")} (${performanceFigures(report)})`);
  const problems: string[] = [];
  for (const [name, category] of Object.entries(report.categories)) {
    if (name === "performance" || (category.score ?? 0) >= 0.95) continue;
    problems.push(`${label} ${name} ${Math.round((category.score ?? 0) * 100)}`);
  }
  if (problems.length) {
    for (const audit of Object.values(report.audits)) {
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary") problems.push(`  ${audit.id}: ${audit.title}`);
    }
  }
  return problems;
}

test("Lighthouse scores 95 or more for accessibility, best practices and SEO on the shopper pages (phone) and the main back-office pages (desktop)", async () => {
  // The shopper is signed in with a cart (the milk above) and the demo store's past orders.
  const shopperRuns: [string, string][] = [
    ["home", "/"],
    ["aisle", "/categories/fruit"],
    ["search", "/search?q=milk"],
    ["product", "/products/bananas-fairtrade"],
    ["cart", "/cart"],
    ["checkout", "/checkout"],
    ["orders", "/orders"],
  ];
  const runs: LighthouseRun[] = [
    ...shopperRuns.map(([name, path]): LighthouseRun => ({ name, path, formFactor: "mobile", cookie: shopperCookie })),
    ...["/manage", "/manage/products", "/manage/orders"].map((path, i): LighthouseRun => ({ name: `back-office-${i}`, path, formFactor: "desktop", cookie: staffCookie })),
  ];
  const reports = await measured(runs);
  const problems = runs.flatMap((run) => shortfalls(`${run.path} (${run.formFactor})`, reports.get(run.name)!));
  expect(problems).toEqual([]);
});
