import { dateTimeFormat } from "../../values/moments";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../http/env";
import type { FormErrors, FormValues } from "../../http/forms";
import { renderPage } from "../../http/render";
import { OPTIONAL_EMAILS } from "../../notifications/unsubscribe";
import { AccountPage } from "../../../views/accounts/account";
import { DataSection, EmailSection, PasswordSection, ProfileSection, SignInsSection, type SignInRow } from "../../../views/accounts/settings";
import { identitiesOf } from "../oauth/identities";
import { configuredProviders, providerLabel } from "../oauth/providers";
import { proofKind } from "../reauth";
import { listSignIns, signInOfSession } from "../sign-ins";
import { sha256Hex } from "../tokens";
import { twoFactorStatus } from "../two-factor/store";
import { listExports } from "./data-export";
import { pendingEmailChange } from "./change-email";
import { emailChoices, OPTIONAL_EMAIL_KINDS } from "./profile";
import { describeUserAgent } from "./user-agent";
import { pickingSettings } from "../../picking/settings";
import { choiceOfDefault, shopperSubstituteDefault, type ShopperDefaultChoice } from "../../picking/substitution-preferences";
import { SubstitutesSection } from "../../../views/picking/substitute-preferences";

export type SectionName = "profile" | "password" | "email" | "substitutes";
export type SectionState = { section: SectionName; values: FormValues; errors: FormErrors };

/** The sign-in this page request came from (its session), if any. */
export async function currentSignInId(c: Context<AppEnv>): Promise<number | null> {
  const token = c.var.sessionToken;
  if (!token) return null;
  return (await signInOfSession(c.var.deps.database.db, sha256Hex(token)))?.id ?? null;
}

function formatter(c: Context<AppEnv>, options: Intl.DateTimeFormatOptions) {
  const { config } = c.var.deps;
  return dateTimeFormat(config.LOCALE, { ...options, timeZone: config.STORE_TIMEZONE });
}

/** One section with its errors (for an htmx swap), or the whole page with that section's errors in it. */
export async function renderAccount(c: Context<AppEnv>, state?: SectionState, status: ContentfulStatusCode = 200) {
  const sections = await accountSections(c, state);
  if (state && c.req.header("hx-request") === "true") return c.html(sections[state.section], status);
  const base = await accountBasics(c);
  return renderPage(
    c,
    "My account",
    <>
      {base}
      {sections.profile}
      {sections.substitutes}
      {sections.password}
      {sections.email}
      {sections.signIns}
      {sections.data}
    </>,
    { status },
  );
}

async function accountBasics(c: Context<AppEnv>) {
  const { database, config } = c.var.deps;
  const user = c.var.user!;
  const [identities, twoFactor] = await Promise.all([identitiesOf(database.db, user.id), twoFactorStatus(database, user.id)]);
  const linked = identities.map((identity) => ({ id: identity.id, label: providerLabel(config, identity.provider), email: identity.email }));
  const linkable = configuredProviders(config)
    .filter((provider) => !identities.some((identity) => identity.provider === provider.id))
    .map(({ id, label }) => ({ id, label }));
  const canUnlink = Boolean(user.passwordHash) || identities.length > 1;
  return <AccountPage user={user} linked={linked} linkable={linkable} canUnlink={canUnlink} twoFactorOn={twoFactor === "on"} />;
}

async function accountSections(c: Context<AppEnv>, state?: SectionState) {
  const { database, clock } = c.var.deps;
  const user = c.var.user!;
  const now = clock.now();
  const [choices, pending, signIns, current, exports, substitutes] = await Promise.all([
    emailChoices(database.db, user.id),
    pendingEmailChange(database.db, user.id, now),
    listSignIns(database.db, user.id),
    currentSignInId(c),
    listExports(database.db, user.id, now),
    shopperSubstituteDefault(database.db, user.id),
  ]);
  const stamp = formatter(c, { dateStyle: "medium", timeStyle: "short" });
  const day = formatter(c, { dateStyle: "long" });
  const errorsOf = (section: SectionName) => (state?.section === section ? state.errors : {});
  const valuesOf = (section: SectionName, fallback: FormValues) => (state?.section === section ? state.values : fallback);
  const proof = proofKind(user);
  const rows: SignInRow[] = [...signIns].sort((a, b) => Number(b.id === current) - Number(a.id === current)).map((row) => ({
    id: row.id,
    kind: row.kind,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    lastUsed: stamp.format(row.lastUsedAt),
    current: row.id === current,
  }));
  return {
    profile: (
      <ProfileSection
        values={valuesOf("profile", { name: user.name })}
        errors={errorsOf("profile")}
        choices={OPTIONAL_EMAIL_KINDS.map((kind) => ({ kind, label: capitalise(OPTIONAL_EMAILS[kind]), on: choices[kind] }))}
      />
    ),
    substitutes: (
      <SubstitutesSection
        choice={(state?.section === "substitutes" ? (state.values.substitutes as ShopperDefaultChoice | undefined) : undefined) ?? choiceOfDefault(substitutes)}
        storeAllows={pickingSettings(c.var.deps.config).substitutesByDefault}
        errors={errorsOf("substitutes")}
      />
    ),
    password: <PasswordSection proof={proof} errors={errorsOf("password")} />,
    email: (
      <EmailSection
        current={user.email}
        pending={pending ? { newEmail: pending.newEmail, expiresAt: stamp.format(pending.expiresAt) } : null}
        proof={proof}
        values={valuesOf("email", {})}
        errors={errorsOf("email")}
      />
    ),
    signIns: <SignInsSection signIns={rows} />,
    data: (
      <DataSection
        exports={exports.map((row) => ({
          id: row.id,
          requested: stamp.format(row.createdAt),
          ready: Boolean(row.readyAt),
          expiresOn: row.expiresAt ? day.format(row.expiresAt) : null,
        }))}
      />
    ),
  };
}

/** "“we miss you” emails" → "“We miss you” emails": the first letter, after any opening quote. */
const capitalise = (text: string) => text.replace(/\p{L}/u, (letter) => letter.toUpperCase());
