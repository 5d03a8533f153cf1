import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` works offline from the schema. With a Turso DATABASE_URL (and
// DATABASE_AUTH_TOKEN) in the environment, `npx drizzle-kit migrate` applies drizzle/ to Turso.
const url = process.env.DATABASE_URL;
const turso = url !== undefined && /^(libsql|https?):/.test(url);
const schema = ["./src/db/schema.ts", "./src/db/shop-tables.ts", "./src/db/fulfilment-tables.ts", "./src/db/account-tables.ts", "./src/db/invoice-tables.ts", "./src/db/payment-tables.ts", "./src/db/picking-tables.ts", "./src/db/report-export-tables.ts", "./src/db/sales-rollup-tables.ts", "./src/db/payment-rollup-tables.ts"];

export default turso
  ? defineConfig({ dialect: "turso", schema, out: "./drizzle", dbCredentials: { url, authToken: process.env.DATABASE_AUTH_TOKEN } })
  : defineConfig({ dialect: "sqlite", schema, out: "./drizzle" });
