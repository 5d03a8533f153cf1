import { Hono, type Context } from "hono";
import { endSignIns } from "../sign-ins";
import { currentSignInId } from "../settings/page";
import QRCode from "qrcode";
import { z } from "zod";
import type { AppEnv } from "../../http/env";
import { readForm } from "../../http/forms";
import { redirectAfterPost, renderPage } from "../../http/render";
import { RecoveryCodesPage, SecondStepForm, TwoFactorOnPage, TwoFactorSetupPage } from "../../../views/accounts/two-factor";
import { safeRedirectPath } from "../../http/redirect-target";
import { requireSignedIn } from "../middleware";
import { startSignedInSession } from "../sign-in";
import { findUserById } from "../users";
import { endPendingSignIn, findPendingSignIn } from "./pending";
import {
  checkSecondFactor,
  checkTotpCode,
  enrollmentSecret,
  issueRecoveryCodes,
  turnOffTwoFactor,
  twoFactorRequired,
  twoFactorStatus,
  unusedRecoveryCodeCount,
  type CodeCheck,
} from "./store";
import { totpUri } from "./totp";

export const twoFactorRoutes = new Hono<AppEnv>();

const codeForm = z.object({
  code: z.string({ message: "Enter the code." }).trim().min(1, "Enter the code.").max(40, "That code is too long."),
  next: z.string().optional(),
});

/** What went wrong with a code, worded for the person typing it. */
function codeError(result: Exclude<CodeCheck, { ok: true }>, now: Date): string {
  if (result.reason === "throttled") {
    const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60_000));
    return `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  if (result.reason === "reused") return "That code was already used. Wait for the next code in your app.";
  if (result.reason === "not-set-up") return "Two-step sign-in is not set up for this account.";
  return "That code is not right. Check your authenticator app and try again.";
}

const statusOf = (result: Exclude<CodeCheck, { ok: true }>) => (result.reason === "throttled" ? 429 : 422);

// ---- the second step of logging in ----

twoFactorRoutes.get("/login/two-factor", async (c) => {
  if (!(await findPendingSignIn(c))) return c.redirect("/login", 303);
  return renderPage(c, "Two-step sign-in", <SecondStepForm errors={{}} />);
});

twoFactorRoutes.post("/login/two-factor", async (c) => {
  const pending = await findPendingSignIn(c);
  if (!pending) return redirectAfterPost(c, "/login", { kind: "info", text: "That sign-in took too long. Please log in again." });
  const form = await readForm(c, codeForm);
  if (!form.ok) return renderPage(c, "Two-step sign-in", <SecondStepForm errors={form.errors} />, { status: 422 });
  const { database, clock, config } = c.var.deps;
  const now = clock.now();
  const code = form.data.code;
  const result = await checkSecondFactor(database, pending.userId, code, config.TOTP_ENCRYPTION_KEY, now);
  if (!result.ok) {
    if (result.reason === "throttled") c.header("Retry-After", String(Math.ceil((result.retryAt.getTime() - now.getTime()) / 1000)));
    return renderPage(c, "Two-step sign-in", <SecondStepForm errors={{ code: codeError(result, now) }} />, { status: statusOf(result) });
  }
  const user = await findUserById(database.db, pending.userId);
  await endPendingSignIn(c, database.db);
  if (!user || user.deactivatedAt) return redirectAfterPost(c, "/login", { kind: "error", text: "This account can't be signed in to." });
  const left = /^[\d\s]+$/.test(code) ? null : await unusedRecoveryCodeCount(database, user.id);
  const text =
    left === null ? `Welcome back, ${user.name}.` : `Welcome back, ${user.name}. You have ${left} recovery code${left === 1 ? "" : "s"} left.`;
  return redirectAfterPost(c, pending.next, await startSignedInSession(c, user.id, { kind: "success", text }));
});

// ---- setting it up and turning it off, on the account ----

twoFactorRoutes.get("/account/two-factor", requireSignedIn(), (c) => showSetup(c, {}, 200, c.req.query("next")));

async function showSetup(c: Context<AppEnv>, errors: Record<string, string>, status: 200 | 409 | 422 | 429, requestedNext?: string) {
  const { database, config } = c.var.deps;
  const user = c.var.user!;
  const next = safeRedirectPath(requestedNext ?? "/account");
  if ((await twoFactorStatus(database, user.id)) === "on") {
    const left = await unusedRecoveryCodeCount(database, user.id);
    return renderPage(c, "Two-step sign-in", <TwoFactorOnPage canTurnOff={!twoFactorRequired(user)} recoveryCodesLeft={left} errors={errors} />, { status });
  }
  const secret = await enrollmentSecret(database, user.id, config.TOTP_ENCRYPTION_KEY);
  if (!secret) return c.redirect("/account/two-factor", 303);
  const uri = totpUri(secret, user.email, config.STORE_NAME);
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  const page = <TwoFactorSetupPage qrDataUri={qr} secret={secret} next={next} required={twoFactorRequired(user)} errors={errors} />;
  return renderPage(c, "Set up two-step sign-in", page, { status });
}

twoFactorRoutes.post("/account/two-factor/enable", requireSignedIn(), async (c) => {
  const form = await readForm(c, codeForm);
  if (!form.ok) return showSetup(c, form.errors, 422, form.values.next);
  const { database, clock, config } = c.var.deps;
  const now = clock.now();
  const user = c.var.user!;
  const result = await checkTotpCode(database, user.id, form.data.code, config.TOTP_ENCRYPTION_KEY, now, true);
  if (!result.ok) return showSetup(c, { code: codeError(result, now) }, statusOf(result), form.data.next);
  const codes = await issueRecoveryCodes(database, user.id, now);
  // Sessions and tokens issued without the second factor end; this one has just shown it.
  await endSignIns(database, user.id, now, await currentSignInId(c));
  return renderPage(c, "Your recovery codes", <RecoveryCodesPage codes={codes} next={safeRedirectPath(form.data.next ?? "/account")} justEnabled />);
});

twoFactorRoutes.post("/account/two-factor/recovery-codes", requireSignedIn(), async (c) => {
  const checked = await confirmCurrentCode(c);
  if (checked) return checked;
  const codes = await issueRecoveryCodes(c.var.deps.database, c.var.user!.id, c.var.deps.clock.now());
  return renderPage(c, "Your recovery codes", <RecoveryCodesPage codes={codes} next="/account" justEnabled={false} />);
});

twoFactorRoutes.post("/account/two-factor/disable", requireSignedIn(), async (c) => {
  if (twoFactorRequired(c.var.user!)) {
    return showSetup(c, { form: "Store managers and the admin must keep two-step sign-in on." }, 409);
  }
  const checked = await confirmCurrentCode(c);
  if (checked) return checked;
  await turnOffTwoFactor(c.var.deps.database, c.var.user!.id);
  await endSignIns(c.var.deps.database, c.var.user!.id, c.var.deps.clock.now(), await currentSignInId(c));
  return redirectAfterPost(c, "/account", { kind: "info", text: "Two-step sign-in is off. You log in with your password alone." });
});

/** Changes to a working second factor need a current code; returns the error page, or null when right. */
async function confirmCurrentCode(c: Context<AppEnv>) {
  const form = await readForm(c, codeForm);
  if (!form.ok) return showSetup(c, form.errors, 422);
  const { database, clock, config } = c.var.deps;
  const now = clock.now();
  const result = await checkTotpCode(database, c.var.user!.id, form.data.code, config.TOTP_ENCRYPTION_KEY, now);
  return result.ok ? null : showSetup(c, { code: codeError(result, now) }, statusOf(result));
}
