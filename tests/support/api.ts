import { eq } from "drizzle-orm";
import { totpCodeAt } from "../../src/accounts/two-factor/totp";
import { users } from "../../src/db/schema";
import type { TestStore } from "./store";
import { setUpTwoFactor } from "./two-factor";

export type Exchange = { method: string; path: string; status: number; contentType: string; body: unknown };

/** A JSON API client over app.request (or any fetcher), remembering every exchange for contract checks. */
export class ApiClient {
  readonly exchanges: Exchange[] = [];
  token: string | null = null;
  constructor(
    private readonly store: Pick<TestStore, "app">,
    public ip = "198.51.100.1",
  ) {}

  async call(method: string, path: string, options: { body?: unknown; raw?: string; form?: FormData; headers?: Record<string, string>; token?: string | null } = {}) {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
    let body: string | FormData | undefined;
    // A multipart body: the runtime writes its content-type with the boundary.
    if (options.form !== undefined) body = options.form;
    else if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (typeof body === "string") headers["content-type"] ??= "application/json";
    const response = await this.store.app.request(`http://localhost/api/v1${path}`, { method, headers, body }, { clientIp: this.ip });
    const text = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    const json = text && contentType.includes("json") ? JSON.parse(text) : text;
    this.exchanges.push({ method, path, status: response.status, contentType, body: json });
    return { status: response.status, headers: response.headers, json, contentType };
  }

  get = (path: string, options?: Parameters<ApiClient["call"]>[2]) => this.call("GET", path, options);
  post = (path: string, body?: unknown, options: Parameters<ApiClient["call"]>[2] = {}) => this.call("POST", path, { ...options, body });
  put = (path: string, body?: unknown, options: Parameters<ApiClient["call"]>[2] = {}) => this.call("PUT", path, { ...options, body });
  patch = (path: string, body?: unknown, options: Parameters<ApiClient["call"]>[2] = {}) => this.call("PATCH", path, { ...options, body });
  delete = (path: string, options?: Parameters<ApiClient["call"]>[2]) => this.call("DELETE", path, options);

  /** Logs in over the API and keeps the access token. */
  async logIn(email: string, password: string, totpCode?: string) {
    const response = await this.post("/auth/token", { email, password, ...(totpCode === undefined ? {} : { totp_code: totpCode }) });
    if (response.status !== 200) throw new Error(`token failed: ${response.status} ${JSON.stringify(response.json)}`);
    this.token = response.json.access_token;
    return response.json as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
  }
}

/** Sets up a manager's or the admin's authenticator the way staff do: log in on the site, then the real setup pages. */
export async function enrolStaff(store: TestStore, email: string, password: string) {
  const agent = store.agent();
  await agent.logIn(email, password);
  return setUpTwoFactor(agent, store.clock);
}

/**
 * Enrols the staff account, then logs the client in over the API with the next authenticator code
 * (the clock moves on 30 s: the code typed during setup cannot be used again).
 */
export async function logInStaff(client: ApiClient, store: TestStore, email: string, password: string) {
  const enrolled = await enrolStaff(store, email, password);
  store.clock.advance(30_000);
  const tokens = await client.logIn(email, password, totpCodeAt(enrolled.secret, store.clock.now()));
  return { ...enrolled, tokens };
}

let count = 0;

/** A new customer registered and logged in over the API. */
export async function apiShopper(store: TestStore, ip?: string) {
  count += 1;
  const client = new ApiClient(store, ip ?? `198.51.100.${(count % 200) + 20}`);
  const email = `api-shopper-${count}-${Date.now()}@example.com`;
  const registered = await client.post("/auth/register", { email, password: "fresh-produce-123", name: `Api Shopper ${count}` });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status}`);
  const tokens = await client.logIn(email, "fresh-produce-123");
  const [user] = await store.db.select().from(users).where(eq(users.email, email));
  return { client, user: user!, tokens, email };
}

/** Expects a problem+json answer and returns it. */
export function expectProblem(response: { status: number; contentType: string; json: unknown }, status: number) {
  if (response.status !== status || !response.contentType.startsWith("application/problem+json")) {
    throw new Error(`expected problem ${status}, got ${response.status} ${response.contentType} ${JSON.stringify(response.json)}`);
  }
  return response.json as { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[]; [key: string]: unknown };
}
