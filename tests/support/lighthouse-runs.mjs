// Runs Lighthouse (from npm, in Node, as it is made for) on a list of pages with ONE headless
// Chromium for all of them: Lighthouse's node API takes the debugging port of a browser that is
// already running, so each page costs a run, not a browser start.
//   node tests/support/lighthouse-runs.mjs <runs.json> <out-folder>
// runs.json: [{ "name": "home", "url": "http://127.0.0.1:1234/", "formFactor": "mobile"|"desktop", "cookie": "..." }]
// Writes <out-folder>/<name>.json (the Lighthouse result) per run and prints one line per run.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const [runsFile, outFolder] = process.argv.slice(2);
const runs = JSON.parse(readFileSync(runsFile, "utf8"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const run of runs) {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
      ...(run.cookie ? { extraHeaders: { Cookie: run.cookie } } : {}),
    };
    // A run Lighthouse could not finish is written as its runtime error, for the caller to run again.
    const lhr = await lighthouse(run.url, flags, run.formFactor === "desktop" ? desktopConfig : undefined).then(
      (result) => result?.lhr ?? { runtimeError: { code: "NO_RESULT", message: "Lighthouse returned nothing" } },
      (error) => ({ runtimeError: { code: "THROWN", message: String(error) } }),
    );
    writeFileSync(join(outFolder, `${run.name}.json`), JSON.stringify(lhr));
    console.log(`lighthouse-run ${run.name} done`);
  }
} finally {
  await chrome.kill();
}
