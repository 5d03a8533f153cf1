/** Accounts the benchmark store is generated with (bench/generate.ts) and the runner logs in as. */
export const BENCH_SHOPPER = { emailDomain: "bench.local", password: "bench-shopper-pass" };
export const BENCH_ADMIN_PASSWORD = "bench-admin-password";

/** Production refuses to start without its secrets; the benchmark store uses throwaway ones. */
export const BENCH_SECRETS = { JWT_SECRET: "bench-only-jwt-secret-0123456789abcdef", TOTP_ENCRYPTION_KEY: "bench-only-totp-key-0123456789abcdef" };
