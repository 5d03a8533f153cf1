import type { Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./server";

export type OidcPerson = { email: string; emailVerified: boolean; name: string };

export type RunningOidcProvider = {
  /** Where it listens (always 127.0.0.1). */
  url: string;
  /** The issuer it names itself as. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Walks the provider's own log-in and consent pages as `login`; returns the redirect back to us. */
  authorize(authorizationUrl: string, login: string): Promise<URL>;
  stop(): Promise<void>;
};

/**
 * A real OpenID Connect provider (npm `oidc-provider`) on 127.0.0.1 with its development
 * log-in pages, one confidential client and the given people.
 */
export async function startOidcProvider(options: {
  redirectUri: string;
  people: Record<string, OidcPerson>;
  /** Name itself differently from where it listens (to test issuer checks). */
  issuerHost?: string;
}): Promise<RunningOidcProvider> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const issuer = `http://${options.issuerHost ?? "127.0.0.1"}:${port}`;
  const clientId = "grocer-store";
  const clientSecret = "grocer-store-secret-for-tests-only";
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["oidc-test-cookie-key-one"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const person = options.people[id];
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: person.email, email_verified: person.emailVerified, name: person.name };
        },
      };
    },
  });
  // The development pages warn loudly on every start; the tests know.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider error", error));
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, "127.0.0.1", () => resolve(listening));
  });

  async function authorize(authorizationUrl: string, login: string): Promise<URL> {
    const cookies = new Map<string, string>();
    const send = async (target: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(target, url).toString().replace(issuer, url), {
        ...init,
        redirect: "manual",
        headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const [name, ...rest] = pair!.split("=");
        cookies.set(name!.trim(), rest.join("="));
      }
      return response;
    };
    let location = authorizationUrl;
    for (let hop = 0; hop < 12; hop += 1) {
      if (location.startsWith(options.redirectUri)) return new URL(location);
      const response = await send(location);
      if (response.status >= 300 && response.status < 400) {
        location = new URL(response.headers.get("location")!, url).toString();
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      if (!action || !prompt) throw new Error(`no interaction form on ${location}: ${html.slice(0, 500)}`);
      const body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt });
      const submitted = await send(action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
      location = new URL(submitted.headers.get("location")!, url).toString();
    }
    throw new Error("too many redirects at the provider");
  }

  return {
    url,
    issuer,
    clientId,
    clientSecret,
    authorize,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
