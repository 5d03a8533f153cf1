import { serveStatic } from "hono/bun";
import { relative, join } from "node:path";
import { bunPasswordHasher } from "./accounts/passwords";
import { createApp } from "./app";
import { prepareStore } from "./bootstrap";
import { systemClock } from "./clock";
import { ConfigError, loadConfig, type Config } from "./config";
import { openDatabase } from "./db/client";
import { DEMO_ACCOUNTS } from "./db/seed";
import { hostname } from "node:os";
import { randomToken } from "./accounts/tokens";
import { startCronRunner } from "./jobs/cron-runner";
import { schedules, startWorker, storeJobs } from "./jobs";
import { pickMailer } from "./mail/transport";
import { orderSales } from "./orders/sales-rows";

const PUBLIC_DIR = join(import.meta.dir, "..", "public");

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

async function main() {
  const config = readConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN, driver: config.DATABASE_DRIVER });
  const { admin, seeded } = await prepareStore(database, config, bunPasswordHasher, systemClock.now());

  const staticAssets = serveStatic({
    root: relative(process.cwd(), PUBLIC_DIR) || ".",
    rewriteRequestPath: (path) => path.replace(/^\/static/, ""),
    onFound: (path, c) => {
      // Versioned vendor files never change; the stylesheet may, so it is revalidated hourly.
      c.header("Cache-Control", path.includes("/vendor/") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
    },
  });
  const deps = { config, database, clock: systemClock, passwords: bunPasswordHasher };
  const app = createApp(deps, { staticAssets });

  const server = Bun.serve({
    hostname: config.HOST,
    port: config.PORT,
    fetch: (request, bunServer) => app.fetch(request, { clientIp: bunServer.requestIP(request)?.address }),
  });

  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const url = config.PUBLIC_URL ?? `http://${shownHost}:${server.port}`;
  printWelcome(url, config, admin, seeded);

  // Background work: one job worker and the schedules, both stopped cleanly on shutdown.
  const instanceId = `${hostname()}-${process.pid}-${randomToken(4)}`;
  const mailer = pickMailer(config, database, systemClock);
  const worker = startWorker({ deps, mailer }, storeJobs({ salesSource: orderSales }), { workerId: instanceId });
  const cron = await startCronRunner(deps, schedules, instanceId);
  if (mailer.name === "outbox" && config.NODE_ENV === "production") {
    console.warn("  Warning: no SMTP_URL or EMAIL_API_URL is set, so emails are only stored in the outbox, not sent.");
  }
  console.log(`  Mail goes ${mailer.name === "outbox" ? `to the dev outbox at ${url}/admin/outbox` : `out via ${mailer.name}`}.\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests and the running job, then stopping.`);
    await server.stop(false);
    await cron.stop();
    await worker.stop();
    database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
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
  console.log(lines.join("\n") + "\n");
}

await main();
