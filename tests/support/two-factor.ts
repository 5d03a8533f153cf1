import { expect } from "bun:test";
import type { Clock } from "../../src/clock";
import { totpCodeAt } from "../../src/accounts/two-factor/totp";
import type { Agent } from "./store";

/**
 * Sets up two-step sign-in for the agent's account through the real pages: reads the key shown
 * for typing by hand, answers with the current code. Returns the secret and the recovery codes.
 */
export async function setUpTwoFactor(agent: Agent, clock: Clock): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await agent.get("/account/two-factor");
  expect(page.status).toBe(200);
  const secret = /class="totp-secret">([A-Z2-7 ]+)</.exec(await page.text())?.[1]?.replaceAll(" ", "");
  if (!secret) throw new Error("the setup page shows no key");
  const enabled = await agent.post("/account/two-factor/enable", { code: totpCodeAt(secret, clock.now()) });
  expect(enabled.status).toBe(200);
  const recoveryCodes = [...(await enabled.text()).matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((match) => match[1]!);
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}
