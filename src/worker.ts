import type { D1Database, ExecutionContext, Fetcher, R2Bucket, ScheduledController } from "@cloudflare/workers-types";
// Workers forbid compiling WebAssembly from bytes at run time: wrangler ships this as a compiled module.
import argon2Module from "@phi-ag/argon2/argon2.wasm";
import { wasmPasswordHasher } from "./accounts/passwords-wasm";
import { createApp, type GrocerApp } from "./app";
import { prepareStore } from "./bootstrap";
import { staticCacheControl } from "./http/static-cache";
import { systemClock } from "./clock";
import { loadConfig } from "./config";
import { openDatabase } from "./db/client";
import type { AppDeps } from "./http/env";
import { runCronSlot } from "./jobs/cron-dispatch";
import { schedules, storeJobs } from "./store-jobs";
import { drainJobs } from "./jobs/worker";
import { fetchMailer } from "./mail/fetch-transport";
import { r2Storage } from "./media/r2-storage";
import { orderSales } from "./orders/sales-rows";

/** The bindings of wrangler.toml plus the configuration variables (vars and secrets) as strings. */
export interface WorkerEnv {
  DB?: D1Database;
  IMAGES?: R2Bucket;
  ASSETS: Fetcher;
  [variable: string]: unknown;
}

type Store = { app: GrocerApp; deps: AppDeps };

let opening: Promise<Store> | null = null;

/**
 * One store per isolate, opened on its first request: configuration checked, the database chosen
 * (Turso when DATABASE_URL is set, else the D1 binding), and the admin account and (outside
 * production) the demo catalog ensured. Migrations are applied before deploying, never here.
 */
function openStore(env: WorkerEnv): Promise<Store> {
  if (opening) return opening;
  const attempt = (async () => {
    const variables = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const configured = loadConfig(variables);
    const database = await openDatabase({ runtime: "workers", url: variables.DATABASE_URL, authToken: configured.DATABASE_AUTH_TOKEN, d1: env.DB });
    const passwords = wasmPasswordHasher(await WebAssembly.instantiate(argon2Module));
    // Outside production a secret not set as a Workers secret is the store's own, kept in its database.
    const { admin, config } = await prepareStore(database, configured, passwords, systemClock.now(), null);
    if (config.generatedSecrets.length > 0) {
      console.log(JSON.stringify({ level: "info", msg: "secrets generated for this store and kept in its database; set them as Workers secrets to choose your own", secrets: config.generatedSecrets }));
    }
    if (admin.generatedPassword) {
      console.log(JSON.stringify({ level: "warn", msg: "admin account created with a generated password; set the ADMIN_PASSWORD secret", email: admin.email, password: admin.generatedPassword }));
    }
    if (!env.IMAGES) throw new Error("the IMAGES R2 binding is missing from wrangler.toml");
    const deps: AppDeps = { config, database, clock: systemClock, passwords, storage: r2Storage(env.IMAGES) };
    return { app: createApp(deps), deps };
  })();
  opening = attempt;
  // A failed start (database not migrated yet, bad variable) is retried by the next request.
  attempt.catch(() => {
    if (opening === attempt) opening = null;
  });
  return attempt;
}

/** public/ is served by the assets binding under /static/, the same URLs the Bun server uses. */
async function serveAsset(request: Request, env: WorkerEnv, url: URL): Promise<Response> {
  const path = url.pathname.slice("/static/".length);
  const assetUrl = new URL(`/${path}`, url);
  const asset = (await env.ASSETS.fetch(assetUrl.toString(), { method: request.method, headers: request.headers as never })) as unknown as Response;
  if (!asset.ok) return asset;
  const response = new Response(asset.body, asset);
  response.headers.set("Cache-Control", staticCacheControl(path));
  return response;
}

/** Not migrated yet, or misconfigured: 503 for shoppers; the reason in the log and on /readyz for ops. */
function storeUnavailable(url: URL, error: unknown): Response {
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  console.error(JSON.stringify({ level: "error", msg: "store could not start", reason }));
  if (url.pathname === "/readyz") return Response.json({ status: "not ready", reason: `store could not start: ${reason}` }, { status: 503 });
  return new Response("The store is not available right now. Please try again in a moment.", { status: 503, headers: { "Retry-After": "30" } });
}

export default {
  async fetch(request: Request, env: WorkerEnv, _ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/static/")) return serveAsset(request, env, url);
    let store: Store;
    try {
      store = await openStore(env);
    } catch (error) {
      return storeUnavailable(url, error);
    }
    return store.app.fetch(request, { clientIp: request.headers.get("cf-connecting-ip") ?? undefined });
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { deps } = await openStore(env);
    // Workers have no long-running job loop: each trigger serves its schedules, then works
    // through the jobs that are due (emails, reports), bounded so one invocation stays short.
    const work = async () => {
      await runCronSlot(deps, controller.cron, new Date(controller.scheduledTime), schedules);
      const mailer = fetchMailer(deps.config, deps.database, deps.clock);
      await drainJobs({ deps, mailer }, storeJobs({ salesSource: orderSales }), `worker-${controller.scheduledTime}`, 50);
    };
    ctx.waitUntil(work());
  },
};
