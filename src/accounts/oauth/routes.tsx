import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../http/env";
import { redirectAfterPost, redirectOffSite, renderPage } from "../../http/render";
import { ErrorPage } from "../../../views/errors";
import { safeRedirectPath } from "../../http/redirect-target";
import { requireSignedIn } from "../middleware";
import { finishFirstFactor } from "../sign-in";
import { SignInProviders } from "./flow";
import { ProviderSignInError } from "./id-token";
import { linkToUser, signInWithProvider, unlinkIdentity } from "./identities";
import { configuredProviders, isProviderId, type ConfiguredProvider } from "./providers";

const STATE_COOKIE = "grocer_oauth_state";
const VERIFIER_COOKIE = "grocer_oauth_verifier";
const FLOW_COOKIE = "grocer_oauth_flow";
const FLOW_SECONDS = 10 * 60;
const COOKIE_PATH = "/auth";

type Flow = { provider: string; nonce: string; next: string; link: boolean };

/** Sign-in and account linking through Google, GitHub and a generic OpenID provider. */
export function oauthRoutes(providers: SignInProviders) {
  const routes = new Hono<AppEnv>();

  routes.get("/auth/:provider/start", (c) => begin(c, providers, { next: safeRedirectPath(c.req.query("next")), link: false }));
  routes.post("/auth/:provider/link", requireSignedIn(), (c) => begin(c, providers, { next: "/account", link: true }));

  routes.get("/auth/:provider/callback", async (c) => {
    const provider = providerFrom(c);
    const flow = readFlow(c);
    const state = getCookie(c, STATE_COOKIE);
    const verifier = getCookie(c, VERIFIER_COOKIE);
    for (const name of [STATE_COOKIE, VERIFIER_COOKIE, FLOW_COOKIE]) deleteCookie(c, name, { path: COOKIE_PATH, secure: c.var.deps.config.secureCookies });
    if (!provider) return refuse(c, new ProviderSignInError("That sign-in provider is not available in this store.", 400), 404);
    const label = provider.label;
    try {
      if (c.req.query("error")) throw new ProviderSignInError(`${label} did not complete the sign-in (${c.req.query("error")}). You can try again.`);
      const code = c.req.query("code");
      const returnedState = c.req.query("state");
      if (!state || !verifier || !flow || flow.provider !== provider.id || !returnedState || returnedState !== state || !code) {
        throw new ProviderSignInError("This sign-in could not be matched to one started here (the state does not match). Please start again from the log-in page.");
      }
      const { database, clock } = c.var.deps;
      const now = clock.now();
      const answer = { code, codeVerifier: verifier, nonce: flow.nonce, issuer: c.req.query("iss") };
      const profile = await providers.finish(provider, redirectUri(c, provider), answer, now);
      if (flow.link) {
        if (!c.var.user) throw new ProviderSignInError("Log in first to link another way of signing in.");
        await linkToUser(database.db, provider.id, profile, c.var.user, label, now);
        return redirectAfterPost(c, "/account", { kind: "success", text: `${label} is now linked to your account.` });
      }
      const { user, created } = await signInWithProvider(database.db, provider.id, profile, label, now);
      if (user.deactivatedAt) throw new ProviderSignInError("This account has been deactivated. Contact the store if you think this is a mistake.", 409);
      const text = created ? `Welcome to ${c.var.deps.config.STORE_NAME}, ${user.name}!` : `Welcome back, ${user.name}.`;
      return finishFirstFactor(c, user.id, flow.next, { kind: "success", text });
    } catch (error) {
      if (error instanceof ProviderSignInError) return refuse(c, error);
      throw error;
    }
  });

  routes.post("/account/identities/:id/unlink", requireSignedIn(), async (c) => {
    const id = Number(c.req.param("id"));
    const user = c.var.user!;
    const result = Number.isSafeInteger(id) ? await unlinkIdentity(c.var.deps.database.db, user, id) : "not-found";
    if (result === "not-found") return refuse(c, new ProviderSignInError("That linked sign-in was not found on your account."), 404);
    if (result === "last-way-in") {
      return refuse(
        c,
        new ProviderSignInError("This is the only way into your account, which has no password, so it can't be unlinked. Link another provider first.", 409),
      );
    }
    return redirectAfterPost(c, "/account", { kind: "success", text: "The sign-in provider was unlinked from your account." });
  });

  return routes;
}

function providerFrom(c: Context<AppEnv>): ConfiguredProvider | null {
  const id = c.req.param("provider") ?? "";
  if (!isProviderId(id)) return null;
  return configuredProviders(c.var.deps.config).find((provider) => provider.id === id) ?? null;
}

function redirectUri(c: Context<AppEnv>, provider: ConfiguredProvider): string {
  const base = c.var.deps.config.PUBLIC_URL ?? new URL(c.req.url).origin;
  return `${base.replace(/\/+$/, "")}/auth/${provider.id}/callback`;
}

async function begin(c: Context<AppEnv>, providers: SignInProviders, intent: { next: string; link: boolean }) {
  const provider = providerFrom(c);
  if (!provider) return refuse(c, new ProviderSignInError("That sign-in provider is not available in this store."), 404);
  try {
    const start = await providers.start(provider, redirectUri(c, provider));
    const options = { path: COOKIE_PATH, httpOnly: true, sameSite: "Lax", secure: c.var.deps.config.secureCookies, maxAge: FLOW_SECONDS } as const;
    setCookie(c, STATE_COOKIE, start.state, options);
    setCookie(c, VERIFIER_COOKIE, start.codeVerifier, options);
    const flow: Flow = { provider: provider.id, nonce: start.nonce, ...intent };
    setCookie(c, FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString("base64url"), options);
    // A full navigation even under htmx: the provider's page is not a fragment.
    return redirectOffSite(c, start.url);
  } catch (error) {
    if (error instanceof ProviderSignInError) return refuse(c, error);
    throw error;
  }
}

function readFlow(c: Context<AppEnv>): Flow | null {
  const raw = getCookie(c, FLOW_COOKIE);
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Flow>;
    if (typeof value.provider !== "string" || typeof value.nonce !== "string" || typeof value.next !== "string") return null;
    return { provider: value.provider, nonce: value.nonce, next: safeRedirectPath(value.next), link: value.link === true };
  } catch {
    return null;
  }
}

function refuse(c: Context<AppEnv>, error: ProviderSignInError, status: 400 | 404 | 409 | 502 = error.status) {
  const body = (
    <ErrorPage heading="Sign-in didn't go through" message={error.message} />
  );
  return renderPage(c, "Sign-in refused", body, { status });
}
