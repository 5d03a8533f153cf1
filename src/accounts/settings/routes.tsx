import { Hono, type Context } from "hono";
import type { AppEnv } from "../../http/env";
import { readForm } from "../../http/forms";
import { redirectAfterPost, renderPage } from "../../http/render";
import { CloseAccountPage } from "../../../views/accounts/close-account";
import { publicBase } from "../email-routes";
import { clearSessionCookie, requireSignedIn } from "../middleware";
import { proofKind, sendReauthCode } from "../reauth";
import { endSignIn, endSignIns } from "../sign-ins";
import { changePassword, passwordChange } from "./change-password";
import { emailChangeRequest, requestEmailChange } from "./change-email";
import { closeAccount, closeAccountRequest, closeBlocker } from "./close-account";
import { findExport, readyExport, requestExport } from "./data-export";
import { currentSignInId, renderAccount } from "./page";
import { profileForm, updateProfile } from "./profile";
import { defaultOfChoice, setShopperSubstituteDefault, shopperSubstituteChoice } from "../../picking/substitution-preferences";

/** The account page's own forms: name and emails, password, email address, sign-ins, data, closing. */
export const settingsRoutes = new Hono<AppEnv>();
const signedIn = requireSignedIn();

const retryAfter = (c: Context<AppEnv>, seconds: number | undefined) => {
  if (seconds) c.header("Retry-After", String(seconds));
};

settingsRoutes.post("/account/profile", signedIn, async (c) => {
  const form = await readForm(c, profileForm);
  if (!form.ok) return renderAccount(c, { section: "profile", values: form.values, errors: form.errors }, 422);
  const { database, clock } = c.var.deps;
  await updateProfile(database, c.var.user!, form.data, clock.now());
  return redirectAfterPost(c, "/account", { kind: "success", text: "Your name and email choices are saved." });
});

/** The shopper's substitution default for new cart lines (ADR 050). */
settingsRoutes.post("/account/substitutes", signedIn, async (c) => {
  const form = await readForm(c, shopperSubstituteChoice);
  if (!form.ok) return renderAccount(c, { section: "substitutes", values: form.values, errors: form.errors }, 422);
  await setShopperSubstituteDefault(c.var.deps.database.db, c.var.user!.id, defaultOfChoice(form.data.substitutes));
  if (c.req.header("hx-request") === "true") return renderAccount(c, { section: "substitutes", values: {}, errors: {} });
  return redirectAfterPost(c, "/account", { kind: "success", text: "Your substitution choice is saved." });
});

settingsRoutes.post("/account/password", signedIn, async (c) => {
  const form = await readForm(c, passwordChange);
  if (!form.ok) return renderAccount(c, { section: "password", values: {}, errors: form.errors }, 422);
  const result = await changePassword(c.var.deps, c.var.user!, form.data, await currentSignInId(c));
  if (!result.ok) {
    retryAfter(c, result.retryAfterSeconds);
    return renderAccount(c, { section: "password", values: {}, errors: { [result.field]: result.message } }, result.status);
  }
  return redirectAfterPost(c, "/account", { kind: "success", text: "Your password is changed. Every other browser and app was logged out." });
});

settingsRoutes.post("/account/email", signedIn, async (c) => {
  const form = await readForm(c, emailChangeRequest);
  if (!form.ok) return renderAccount(c, { section: "email", values: form.values, errors: form.errors }, 422);
  const base = publicBase(c);
  const result = await requestEmailChange(c.var.deps, c.var.user!, form.data, {
    confirm: (token) => `${base}/account/email/confirm?token=${token}`,
    undo: (token) => `${base}/account/email/undo?token=${token}`,
  });
  if (!result.ok) {
    retryAfter(c, result.retryAfterSeconds);
    return renderAccount(c, { section: "email", values: form.values, errors: { [result.field]: result.message } }, result.status);
  }
  return redirectAfterPost(c, "/account", { kind: "success", text: `We sent a link to ${result.newEmail}. Your address changes once you open it.` });
});

settingsRoutes.post("/account/code", signedIn, async (c) => {
  const user = c.var.user!;
  if (proofKind(user) === "password") return redirectAfterPost(c, "/account", { kind: "info", text: "Your account has a password: use it to confirm changes." });
  const { database, clock } = c.var.deps;
  const sent = await sendReauthCode(database, user, clock.now());
  const text = sent ? `We emailed a code to ${user.email}. It works for 15 minutes.` : "We sent a code less than a minute ago. Check your inbox.";
  return redirectAfterPost(c, c.req.header("referer")?.includes("/account/close") ? "/account/close" : "/account", { kind: sent ? "success" : "info", text });
});

settingsRoutes.post("/account/sign-ins/end-others", signedIn, async (c) => {
  const { database, clock } = c.var.deps;
  await endSignIns(database, c.var.user!.id, clock.now(), await currentSignInId(c));
  return redirectAfterPost(c, "/account", { kind: "success", text: "You are logged out everywhere else." });
});

settingsRoutes.post("/account/sign-ins/:id{[0-9]{1,12}}/end", signedIn, async (c) => {
  const { database, clock } = c.var.deps;
  const id = Number(c.req.param("id"));
  if (id === (await currentSignInId(c))) return redirectAfterPost(c, "/account", { kind: "info", text: "To end this browser's session, log out." });
  const ended = await endSignIn(database, c.var.user!.id, id, clock.now());
  return redirectAfterPost(c, "/account", ended ? { kind: "success", text: "That device is logged out." } : { kind: "info", text: "That log-in had already ended." });
});

settingsRoutes.post("/account/exports", signedIn, async (c) => {
  const { database, clock } = c.var.deps;
  const result = await requestExport(database, c.var.user!, clock.now());
  const text = result.fresh
    ? "We are preparing a copy of your data and will email you when it is ready."
    : result.export.readyAt
      ? "You asked for a copy less than an hour ago: it is ready below."
      : "A copy of your data is already being prepared.";
  return redirectAfterPost(c, "/account", { kind: "success", text });
});

for (const [file, type] of [
  ["data.json", "application/json"],
  ["orders.csv", "text/csv; charset=utf-8"],
] as const) {
  settingsRoutes.get(`/account/exports/:id{[0-9]{1,12}}/${file}`, signedIn, async (c) => {
    const { database, clock } = c.var.deps;
    const user = c.var.user!;
    const id = Number(c.req.param("id"));
    const ready = await readyExport(database.db, user.id, id, clock.now());
    if (!ready) {
      const known = await findExport(database.db, user.id, id);
      const message = known ? (known.readyAt ? "This download has expired. Prepare a new copy from your account page." : "This copy is still being prepared.") : "No such download.";
      return renderPage(c, "Download not available", <p class="card narrow">{message} <a href="/account#your-data">My account</a></p>, { status: known ? 410 : 404 });
    }
    c.header("Content-Type", type);
    c.header("Content-Disposition", `attachment; filename="${c.var.deps.config.STORE_NAME.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${ready.createdAt.toISOString().slice(0, 10)}-${file}"`);
    c.header("Cache-Control", "no-store");
    return c.body(file === "data.json" ? ready.data! : ready.ordersCsv!);
  });
}

const showClose = async (c: Context<AppEnv>, errors: Record<string, string>, status: 200 | 400 | 409 | 422 | 429 = 200) => {
  const user = c.var.user!;
  const blocker = await closeBlocker(c.var.deps.database.db, user);
  return renderPage(
    c,
    "Close your account",
    <CloseAccountPage proof={proofKind(user)} blocker={blocker?.message ?? null} errors={errors} retentionYears={c.var.deps.config.ORDER_RETENTION_YEARS} />,
    { status: blocker && status === 200 ? 409 : status },
  );
};

settingsRoutes.get("/account/close", signedIn, (c) => showClose(c, {}));

settingsRoutes.post("/account/close", signedIn, async (c) => {
  const form = await readForm(c, closeAccountRequest);
  if (!form.ok) return showClose(c, form.errors, 422);
  const result = await closeAccount(c.var.deps, c.var.user!, form.data);
  if (!result.ok) {
    if ("field" in result) {
      retryAfter(c, result.retryAfterSeconds);
      return showClose(c, { [result.field]: result.message }, result.status);
    }
    return showClose(c, {}, result.status);
  }
  clearSessionCookie(c);
  const { config } = c.var.deps;
  const keepUntil = new Intl.DateTimeFormat(config.LOCALE, { dateStyle: "long", timeZone: config.STORE_TIMEZONE }).format(result.keepUntil);
  const kept = result.ordersKept
    ? ` ${result.ordersKept} past order${result.ordersKept === 1 ? " is" : "s are"} kept without your name until ${keepUntil}, as tax law requires.`
    : "";
  return redirectAfterPost(c, "/", { kind: "success", text: `Your account is closed and your personal data erased.${kept}` });
});
