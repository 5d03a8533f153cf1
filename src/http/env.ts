import type { Context } from "hono";
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { DatabaseHandle } from "../db/client";
import type { User } from "../db/schema";
import type { ImageStorage } from "../media/storage";
import type { ShellData } from "../../views/layout";

/**
 * Password hashing behind an interface so each runtime can bring its own implementation
 * (src/accounts/passwords.ts on Bun, passwords-wasm.ts on Workers).
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/** Everything the app is built from; each runtime entry point supplies its own. */
export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  passwords: PasswordHasher;
  /** Product images: local disk, S3-compatible store or R2 binding. */
  storage: ImageStorage;
}

/** Supplies the page header's data (src/shell/loader.ts); set by the app on every request. */
export interface ShellLoader {
  data(c: Context<AppEnv>, query?: string, known?: { cartCount?: number }): Promise<ShellData>;
  cartCount(c: Context<AppEnv>): Promise<number>;
  /** The signed-in shopper's unread notifications (their bell on cached pages). */
  unread(c: Context<AppEnv>): Promise<number>;
  /** The −/+ controls (HTML by product id) of the cards asked whose products are in this visitor's cart. */
  cardControls(c: Context<AppEnv>, productIds: ReadonlySet<number>): Promise<Map<number, string>>;
}

/** A one-shot message; `undo` adds a button that posts `items` to a same-site path. */
export type Flash = { kind: "success" | "error" | "info"; text: string; undo?: FlashUndo };
export type FlashUndo = { label: string; action: string; items: string };

import type { Compressor } from "./compression";
import type { AssetHashes } from "./asset-names";

export type AppEnv = {
  /** Set by the runtime entry point (the Bun server passes the peer address). */
  Bindings: { clientIp?: string };
  Variables: {
    deps: AppDeps;
    shell: ShellLoader;
    /** Set by the request log; returned as X-Request-Id. */
    requestId: string;
    user: User | null;
    sessionToken: string | null;
    /** A signed-in GET's header figures, read with the session (src/accounts/sessions.ts); null otherwise. */
    headerCounts: { cartLines: number; ownUnread: number } | null;
    /** The runtime's codec when the app compresses its answers (src/http/compression.ts). */
    compressor: Compressor | undefined;
    /** Content hashes of the files pages link (src/http/asset-names.ts); undefined: plain names. */
    assetHashes: AssetHashes | undefined;
    flash: Flash | null;
  };
};
