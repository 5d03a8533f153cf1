// Behind one proxy (TRUST_PROXY=true) the client address is the X-Forwarded-For entry the proxy
// appended, not one the client wrote (issue 18, item 8: lockouts cannot be turned against shoppers).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestStore, ORIGIN, type TestStore } from "./support/store";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { TRUST_PROXY: "true" } });
});
afterAll(() => store.close());

const failedLogIn = (forwardedFor: string) =>
  store.app.request(
    `${ORIGIN}/login`,
    {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body: new URLSearchParams({ email: `nobody-${Math.random()}@example.com`, password: "wrong-password" }).toString(),
    },
    { clientIp: "127.0.0.1" },
  );

test("an attacker writing a victim's address first in X-Forwarded-For throttles only the proxy-appended address", async () => {
  // 25 failures, each claiming to come from the victim; the proxy appended the attacker's real address.
  for (let i = 0; i < 25; i++) await failedLogIn("198.51.100.9, 203.0.113.66");
  const attacker = await failedLogIn("203.0.113.66");
  expect(attacker.status).toBe(429);
  const victim = await failedLogIn("198.51.100.9");
  expect(victim.status).toBe(401);
}, 120_000);
