// Lets `npm start` and `npm test` work on a fresh clone: installs the npm dependencies
// (Bun itself comes from the registry as the `bun` package) when they are missing or stale.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
const stale = !existsSync("node_modules/.bin/bun") || !existsSync(marker) || statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log("Installing dependencies (first run)...");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
}
