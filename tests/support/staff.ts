import { eq } from "drizzle-orm";
import { users } from "../../src/db/schema";
import { setUpTwoFactor } from "./two-factor";
import { stockShelves } from "./shop";
import { ADMIN, createTestStore, type Agent, type TestStore } from "./store";

// Staff accounts made the way the shop makes them (sign-up at /sell, approved by the admin).
let staffCount = 0;

/** The admin, signed in with their authenticator. */
export async function adminAgent(store: TestStore): Promise<Agent> {
  const agent = store.agent();
  const response = await agent.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  if (response.status !== 303) throw new Error(`admin log in failed: ${response.status}`);
  return agent;
}

/** A manager who signed up through /sell, was approved by the admin and set up an authenticator. */
export async function approvedManager(store: TestStore, admin: Agent) {
  staffCount += 1;
  const email = `manager${staffCount}-${Date.now()}@example.com`;
  const agent = store.agent();
  const signUp = await agent.signUp({ name: `Manager ${staffCount}`, email, password: "stock-room-key-1" }, "/sell");
  if (signUp.status !== 303) throw new Error(`manager sign-up failed: ${signUp.status}`);
  const [user] = await store.db.select().from(users).where(eq(users.email, email));
  const approve = await admin.post(`/admin/people/${user!.id}/approve`);
  if (approve.status !== 303) throw new Error(`approve failed: ${approve.status}`);
  // Staff open the back office only with an authenticator, set up on the first visit.
  await setUpTwoFactor(agent, store.clock);
  return { agent, user: user! };
}

/**
 * A back office to test against: a fresh store (no minimum order unless `env` says otherwise) with
 * the small known shelves, the admin and an approved manager, each signed in.
 */
export async function openBackOffice(env: Record<string, string> = {}) {
  const store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0", ...env } });
  const shelves = await stockShelves(store);
  const admin = await adminAgent(store);
  const staff = await approvedManager(store, admin);
  return { store, shelves, admin, manager: staff.agent, managerId: staff.user.id };
}
