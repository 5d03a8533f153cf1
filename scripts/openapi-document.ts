// Writes the OpenAPI document the app generates to a file (default: openapi.json), for linting and clients.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { createApp } from "../src/app";
import { systemClock } from "../src/clock";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { localDiskStorage } from "../src/media/local-storage";

const out = process.argv[2] ?? "openapi.json";
const dir = mkdtempSync(join(tmpdir(), "grocer-openapi-"));
const config = loadConfig({ NODE_ENV: "development", DATABASE_URL: `file:${join(dir, "doc.db")}` });
const database = await openDatabase({ url: config.DATABASE_URL });
const app = createApp({ config, database, clock: systemClock, passwords: bunPasswordHasher, storage: localDiskStorage(join(dir, "uploads")) });
const response = await app.request("http://localhost:3000/api/v1/openapi.json");
writeFileSync(out, JSON.stringify(await response.json(), null, 2) + "\n");
database.close();
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${out}`);
