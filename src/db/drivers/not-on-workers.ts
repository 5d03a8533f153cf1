/** Stands in for bun:sqlite in the Workers bundle (wrangler.toml [alias]); the Workers driver choice never reaches it. */
export class Database {
  constructor() {
    throw new Error("bun:sqlite is not available on Workers: use the D1 binding or a Turso DATABASE_URL.");
  }
}
