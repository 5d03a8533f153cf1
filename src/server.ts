import { Hono } from "hono";
import { serveStatic } from "hono/bun";
import { relative, join } from "node:path";
import { bunPasswordHasher } from "./accounts/passwords";
import { createApp } from "./app";
import { prepareStore } from "./bootstrap";
import { systemClock } from "./clock";
import { ConfigError, loadConfig, type Config } from "./config";
import { openDatabase } from "./db/client";
import { DEMO_ACCOUNTS } from "./db/seed";
import type { AppEnv } from "./http/env";
import { storageFromConfig } from "./media/from-config";

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

  const root = new Hono<AppEnv>();
  root.use(
    "/static/*",
    serveStatic({
      root: relative(process.cwd(), PUBLIC_DIR) || ".",
      rewriteRequestPath: (path) => path.replace(/^\/static/, ""),
      onFound: (path, c) => {
        // Versioned vendor files never change; the stylesheet may, so it is revalidated hourly.
        c.header("Cache-Control", path.includes("/vendor/") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
      },
    }),
  );
  root.route("/", createApp({ config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) }));

  const server = Bun.serve({
    hostname: config.HOST,
    port: config.PORT,
    fetch: (request, bunServer) => root.fetch(request, { clientIp: bunServer.requestIP(request)?.address }),
  });

  const shownHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const url = config.PUBLIC_URL ?? `http://${shownHost}:${server.port}`;
  printWelcome(url, config, admin, seeded);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests, then stopping.`);
    await server.stop(false);
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
