/** Accounts the benchmark store is generated with (bench/generate.ts) and the runner logs in as. */
export const BENCH_SHOPPER = { emailDomain: "bench.local", password: "bench-shopper-pass" };
export const BENCH_ADMIN_PASSWORD = "bench-admin-password";
