import { rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { bunPasswordHasher } from "./accounts/passwords";
import { randomToken } from "./accounts/tokens";
import { createApp } from "./app";
import { zlibCompressor } from "./bun/compressor";
import { migrationsFolder, prepareStore } from "./bootstrap";
import { unpackMigrations } from "./bun/migrations";
import { embeddedPublicFiles, linkedAssetHashes, publicFolder, serveStaticFiles, type PublicFiles } from "./bun/static-files";
import { systemClock } from "./clock";
import { ConfigError, loadConfig, type Config } from "./config";
import { openDatabase, StoreClosed } from "./db/client";
import { DEMO_ACCOUNTS } from "./demo/seed";
import { startWorker } from "./jobs";
import { schedules, storeJobs } from "./store-jobs";
import { startCronRunner } from "./jobs/cron-runner";
import { pickMailer } from "./mail/transport";
import { readForSearches } from "./catalog/search";
import { Drain } from "./ops/drain";
import { ShutdownHooks } from "./ops/shutdown";
import { orderSales } from "./orders/sales-rows";
import { storageFromConfig } from "./media/from-config";
import { addDemoPictures, embeddedPictures } from "./demo/add-pictures";

/** Where the server finds public/ and drizzle/: beside src/ on disk, or embedded in the binary. */
export type ServerFiles =
  | { kind: "disk" }
  | { kind: "embedded"; publicFiles: Record<string, string>; migrationFiles: Record<string, string>; demoPictures?: Record<string, string> };

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** A database that cannot be opened or reached stops the start with one clear line, not a stack trace. */
async function orExit<T>(config: Config, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const reasons: string[] = [];
    for (let e: unknown = error; e instanceof Error && reasons.length < 4; e = e.cause) reasons.push(e.message);
    if (!(error instanceof Error)) reasons.push(String(error));
    console.error(`Cannot open the database ${config.DATABASE_URL}${config.DATABASE_SYNC_URL ? ` (replica of ${config.DATABASE_SYNC_URL})` : ""}: ${reasons.join(": ")}`);
    process.exit(69); // EX_UNAVAILABLE
  }
}

/** The peer's address for the app (per-IP throttles, sign-ins), asked of Bun only when a route reads it: most reads never do. */
function peerOf(server: Bun.Server<undefined>, request: Request): { clientIp?: string } {
  let known: { address?: string } | null = null;
  return {
    get clientIp() {
      known ??= { address: server.requestIP(request)?.address };
      return known.address;
    },
  };
}

export async function runServer(files: ServerFiles = { kind: "disk" }) {
  const configured = readConfig();
  const database = await orExit(configured, () =>
    openDatabase({
      url: configured.DATABASE_URL,
      authToken: configured.DATABASE_AUTH_TOKEN,
      syncUrl: configured.DATABASE_SYNC_URL,
      syncIntervalSeconds: configured.DATABASE_SYNC_INTERVAL,
      driver: configured.DATABASE_DRIVER,
      backgroundCheckpoints: true,
      sqliteMemory: { mmapMb: configured.SQLITE_MMAP_MB, cacheMb: configured.SQLITE_CACHE_MB },
    }),
  );
  const migrations = files.kind === "disk" ? migrationsFolder() : unpackMigrations(files.migrationFiles);
  const { admin, seeded, config } = await orExit(configured, () =>
    prepareStore(database, configured, bunPasswordHasher, systemClock.now(), migrations).finally(() => {
      if (files.kind === "embedded") rmSync(migrations, { recursive: true, force: true });
    }),
  );
  const publicFiles: PublicFiles =
    files.kind === "disk" ? publicFolder(join(import.meta.dir, "..", "public")) : embeddedPublicFiles(files.publicFiles);

  const deps = { config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) };
  if (seeded) await addDemoPictures(database, deps.storage, systemClock.now(), files.kind === "embedded" ? embeddedPictures(files.demoPictures ?? {}) : undefined);
  const assetHashes = await linkedAssetHashes(publicFiles);
  const app = createApp(deps, { staticAssets: serveStaticFiles(publicFiles, assetHashes), assetHashes, compression: zlibCompressor });

  // One count of the requests in flight: the drain's, which the job worker reads to give way to shoppers.
  const drain = new Drain();
  const gauge = drain.gauge;
  const server = Bun.serve({
    hostname: config.HOST,
    port: config.PORT,
    fetch: drain.wrap((request: Request, bunServer: Bun.Server<undefined>) => app.fetch(request, peerOf(bunServer, request))),
  });

  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const url = config.PUBLIC_URL ?? `http://${shownHost}:${server.port}`;
  printWelcome(url, config, admin, seeded);
  // Read now on the reader thread, not by the first search that needs them (a stop meanwhile is no failure).
  readForSearches(database.db).catch((error: unknown) => {
    if (!(error instanceof StoreClosed)) console.warn(JSON.stringify({ level: "warn", msg: "search data not read at start", error: String(error) }));
  });

  // Background work: one job worker and the schedules; a stop waits for both (and the running job).
  const instanceId = `${hostname()}-${process.pid}-${randomToken(4)}`;
  const mailer = pickMailer(config, database, systemClock);
  const worker = startWorker({ deps, mailer }, storeJobs({ salesSource: orderSales }), {
    workerId: instanceId,
    // A rush of orders is answered first: confirmation emails wait for it, but never more than 30 s.
    background: { busy: () => gauge.busy, queueing: () => gauge.queueing, share: 0.25, patienceMs: 30_000 },
  });
  const cron = await startCronRunner(deps, schedules, instanceId);
  if (mailer.name === "outbox" && config.NODE_ENV === "production") {
    console.warn("  Warning: no SMTP_URL or EMAIL_API_URL is set, so emails are only stored in the outbox, not sent.");
  }
  console.log(`  Mail goes ${mailer.name === "outbox" ? `to the dev outbox at ${url}/admin/outbox` : `out via ${mailer.name}`}.\n`);

  const hooks = new ShutdownHooks();
  hooks.add("schedules", () => cron.stop());
  // No job starts once a stop is asked for (a long export goes on from its cursor at the next start).
  let workerStopped: Promise<void> | null = null;
  const stopWorker = () => (workerStopped ??= worker.stop());
  hooks.add("job worker", stopWorker);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests and the running job, then stopping.`);
    void stopWorker();
    const deadline = performance.now() + config.SHUTDOWN_TIMEOUT * 1000;
    // Not ready any more, but still serving: what was sent on accepted connections is answered,
    // then the listening socket closes once nothing has arrived for a moment (src/ops/drain.ts).
    const quiet = await drain.untilQuiet(deadline);
    const remaining = () => Math.max(0, deadline - performance.now());
    const drained = quiet && (await Promise.race([server.stop(false).then(() => true), Bun.sleep(remaining()).then(() => false)]));
    const finished = drained && (await hooks.runAll(remaining()));
    if (!finished) {
      console.error(`Still busy after SHUTDOWN_TIMEOUT=${config.SHUTDOWN_TIMEOUT}s: stopping anyway.`);
      void server.stop(true);
    }
    await database.close();
    process.exit(finished ? 0 : 1);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  return { server, hooks };
}

function printWelcome(url: string, config: Config, admin: Awaited<ReturnType<typeof prepareStore>>["admin"], seeded: boolean) {
  const lines = [
    "",
    `  ${config.STORE_NAME} is open at ${url}`,
    `  Database: ${config.DATABASE_URL}${seeded ? " (new store, demo catalog loaded)" : ""}`,
    "",
    "  Log in as:",
    admin.generatedPassword
      ? `    admin    ${admin.email} / ${admin.generatedPassword}   (generated now and shown once; set ADMIN_PASSWORD to choose it)`
      : `    admin    ${admin.email} / ${config.ADMIN_PASSWORD ? "the ADMIN_PASSWORD you set" : "the password printed at first start"}`,
  ];
  if (config.SEED_DEMO_DATA) {
    lines.push(
      `    manager  ${DEMO_ACCOUNTS.manager.email} / ${DEMO_ACCOUNTS.manager.password}`,
      `    shopper  ${DEMO_ACCOUNTS.shopper.email} / ${DEMO_ACCOUNTS.shopper.password}`,
    );
  }
  if (config.generatedSecrets.length > 0) {
    lines.push(
      "",
      `  Secrets: ${config.generatedSecrets.join(" and ")} generated for this store and kept in its database`,
      "  (store_secrets); set them in the environment to choose your own (production requires them).",
    );
  }
  console.log(lines.join("\n") + "\n");
}

if (import.meta.main) await runServer();
