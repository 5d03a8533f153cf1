import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/env";
import { clientIp } from "../http/client-ip";
import { trustedDeviceFor } from "./device-cookie";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { redirectAfterPost, renderPage } from "../http/render";
import { LogInForm } from "../../views/accounts/log-in";
import { SignUpForm, type SignUpKind } from "../../views/accounts/sign-up";
import { sendVerifyEmail } from "./email-routes";
import { configuredProviders } from "./oauth/providers";
import { renderAccount } from "./settings/page";
import { logInForm, signUpForm } from "./forms";
import { safeRedirectPath } from "../http/redirect-target";
import { clearSessionCookie, requireSignedIn } from "./middleware";
import { endSession } from "./sessions";
import { finishFirstFactor, startSignedInSession } from "./sign-in";
import { logIn, registerAccount } from "./users";

export const accountRoutes = new Hono<AppEnv>();

const signUpPaths = { customer: "/signup", manager: "/sell" } as const;

for (const kind of ["customer", "manager"] as const) {
  const path = signUpPaths[kind];
  accountRoutes.get(path, (c) => showSignUp(c, kind, {}, {}));
  accountRoutes.post(path, async (c) => {
    const form = await readForm(c, signUpForm);
    if (!form.ok) return showSignUp(c, kind, form.values, form.errors, 422);
    const { database, passwords, clock } = c.var.deps;
    const user = await registerAccount(database.db, passwords, form.data, kind);
    if (!user) {
      const errors = { email: "An account with this email already exists. Log in instead, or use another email." };
      return showSignUp(c, kind, form.values, errors, 409);
    }
    await sendVerifyEmail(c, user);
    const text =
      kind === "manager"
        ? "Thanks for applying. You can shop right away; the back office opens once the admin approves you."
        : `Welcome to ${c.var.deps.config.STORE_NAME}, ${user.name}!`;
    const welcome = await startSignedInSession(c, user.id, { kind: "success", text });
    return redirectAfterPost(c, kind === "manager" ? "/account" : "/", welcome);
  });
}


function showSignUp(c: Context<AppEnv>, kind: SignUpKind, values: FormValues, errors: FormErrors, status: 200 | 409 | 422 = 200) {
  const title = kind === "manager" ? "Sell with us" : "Sign up";
  return renderPage(c, title, <SignUpForm kind={kind} values={values} errors={errors} />, { status });
}

accountRoutes.get("/login", (c) => {
  if (c.var.user) return c.redirect(safeRedirectPath(c.req.query("next")), 303);
  return renderPage(c, "Log in", <LogInForm values={{ next: c.req.query("next") ?? "" }} errors={{}} providers={providerButtons(c)} />);
});

accountRoutes.post("/login", async (c) => {
  const form = await readForm(c, logInForm);
  const showForm = (errors: FormErrors, status: 401 | 403 | 422 | 429) =>
    renderPage(c, "Log in", <LogInForm values={form.values} errors={errors} providers={providerButtons(c)} />, { status });
  if (!form.ok) return showForm(form.errors, 422);

  const { database, passwords, clock } = c.var.deps;
  const now = clock.now();
  const trustedDevice = trustedDeviceFor(c, form.data.email);
  const result = await logIn(database.db, passwords, { ...form.data, ip: clientIp(c), trustedDevice }, now);
  if (!result.ok) {
    if (result.reason === "throttled") {
      const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60_000));
      c.header("Retry-After", String(minutes * 60));
      return showForm({ form: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` }, 429);
    }
    if (result.reason === "deactivated") {
      return showForm({ form: "This account has been deactivated. Contact the store if you think this is a mistake." }, 403);
    }
    return showForm({ form: "That email and password don't match an account." }, 401);
  }
  return finishFirstFactor(c, result.user.id, safeRedirectPath(form.data.next), { kind: "success", text: `Welcome back, ${result.user.name}.` });
});

accountRoutes.post("/logout", async (c) => {
  if (c.var.sessionToken) await endSession(c.var.deps.database.db, c.var.sessionToken);
  clearSessionCookie(c);
  return redirectAfterPost(c, "/", { kind: "info", text: "You have logged out." });
});

accountRoutes.get("/account", requireSignedIn(), (c) => renderAccount(c));

function providerButtons(c: Context<AppEnv>) {
  return configuredProviders(c.var.deps.config).map(({ id, label }) => ({ id, label }));
}
