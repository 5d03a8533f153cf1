import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/env";
import { clientIp } from "../http/client-ip";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { redirectAfterPost, renderPage } from "../http/render";
import { queueEmail } from "../mail/send";
import type { User } from "../db/schema";
import { EmailConfirmed, ForgotPasswordForm, ResetPasswordForm } from "../../views/accounts/password-reset";
import { confirmEmail, issueVerifyToken, recentVerifyLinks, requestPasswordReset, resetPassword, RESET_MINUTES, VERIFY_HOURS } from "./email-codes";
import { forgotPasswordForm, resetPasswordForm } from "./forms";
import { requireSignedIn } from "./middleware";
import { lockedUntil, recordFailure } from "./throttle";
import { findUserByEmail } from "./users";

export const emailRoutes = new Hono<AppEnv>();

const VERIFY_RESENDS_PER_HOUR = 3;

/** Links in emails point at the public address when configured, else at the address the request came to. */
export function publicBase(c: Context<AppEnv>): string {
  return c.var.deps.config.PUBLIC_URL?.replace(/\/$/, "") ?? new URL(c.req.url).origin;
}

/** Queues the verify-email message for a new (or re-requesting) account. */
export async function sendVerifyEmail(c: Context<AppEnv>, user: User): Promise<void> {
  const { database, clock } = c.var.deps;
  const token = await issueVerifyToken(database, user, clock.now());
  const verifyUrl = `${publicBase(c)}/verify-email?token=${token}`;
  await queueEmail(database.db, clock.now(), { to: user.email, template: "verify-email", props: { name: user.name, verifyUrl, hoursValid: VERIFY_HOURS } });
}

emailRoutes.get("/verify-email", async (c) => {
  const { database, clock } = c.var.deps;
  const user = await confirmEmail(database, c.req.query("token") ?? "", clock.now());
  return renderPage(c, user ? "Email confirmed" : "Link not valid", <EmailConfirmed ok={Boolean(user)} />, { status: user ? 200 : 400 });
});

emailRoutes.post("/verify-email/resend", requireSignedIn(), async (c) => {
  const user = c.var.user!;
  if (user.emailVerifiedAt) return redirectAfterPost(c, "/account", { kind: "info", text: "Your email is already confirmed." });
  const { database, clock } = c.var.deps;
  if ((await recentVerifyLinks(database, user.id, clock.now())) >= VERIFY_RESENDS_PER_HOUR) {
    return redirectAfterPost(c, "/account", { kind: "error", text: "We already sent several links this hour. Check your inbox and spam folder, or try again later." });
  }
  await sendVerifyEmail(c, user);
  return redirectAfterPost(c, "/account", { kind: "success", text: `We sent a new confirmation link to ${user.email}.` });
});

const showForgot = (c: Context<AppEnv>, values: FormValues, errors: FormErrors, status: 200 | 422 | 429 = 200) =>
  renderPage(c, "Forgot your password?", <ForgotPasswordForm values={values} errors={errors} />, { status });

emailRoutes.get("/forgot-password", (c) => showForgot(c, {}, {}));

emailRoutes.post("/forgot-password", async (c) => {
  const form = await readForm(c, forgotPasswordForm);
  if (!form.ok) return showForgot(c, form.values, form.errors, 422);
  const { database, clock } = c.var.deps;
  const now = clock.now();
  const result = await requestPasswordReset(database, form.data.email, clientIp(c), now, (email) => findUserByEmail(database.db, email));
  if (result.kind === "throttled") {
    c.header("Retry-After", String(RESET_MINUTES * 60));
    return showForgot(c, form.values, { form: `Too many reset requests from your network. Try again in ${RESET_MINUTES} minutes.` }, 429);
  }
  if (result.kind === "sent") {
    const resetUrl = `${publicBase(c)}/reset-password?email=${encodeURIComponent(result.user.email)}`;
    await queueEmail(database.db, now, {
      to: result.user.email,
      template: "password-reset",
      props: { name: result.user.name, code: result.code, resetUrl, minutesValid: RESET_MINUTES },
    });
  }
  // The same answer whether or not the address has an account.
  return redirectAfterPost(c, `/reset-password?email=${encodeURIComponent(form.data.email)}&sent=1`);
});

const showReset = (c: Context<AppEnv>, values: FormValues, errors: FormErrors, status: 200 | 400 | 422 | 429 = 200, sent = false) =>
  renderPage(c, "Choose a new password", <ResetPasswordForm values={{ email: values.email ?? "" }} errors={errors} sent={sent} />, { status });

emailRoutes.get("/reset-password", (c) => showReset(c, { email: (c.req.query("email") ?? "").slice(0, 254) }, {}, 200, c.req.query("sent") === "1"));

emailRoutes.post("/reset-password", async (c) => {
  const form = await readForm(c, resetPasswordForm);
  if (!form.ok) return showReset(c, form.values, form.errors, 422);
  const { database, passwords, clock } = c.var.deps;
  const now = clock.now();
  const ip = [{ kind: "ip" as const, value: clientIp(c) }];
  const retryAt = await lockedUntil(database.db, ip, now);
  if (retryAt) {
    c.header("Retry-After", String(Math.ceil((retryAt.getTime() - now.getTime()) / 1000)));
    return showReset(c, form.values, { form: "Too many wrong codes from your network. Try again in 15 minutes." }, 429);
  }
  const result = await resetPassword(database, passwords, form.data, now);
  if (!result.ok) {
    await recordFailure(database.db, ip, now);
    const message =
      result.reason === "used-up"
        ? "That code has had too many wrong tries. Ask for a new code."
        : "That code is not right, or it has expired. Check the email, or ask for a new code.";
    return showReset(c, form.values, { code: message }, 400);
  }
  return redirectAfterPost(c, "/login", { kind: "success", text: "Your password is changed. Log in with the new one." });
});
