import { Hono, type Context } from "hono";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { parseMoney } from "../values/money";
import { slotRules, type SlotFulfilment } from "../db/fulfilment-tables";
import type { AppEnv } from "../http/env";
import type { FormErrors, FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { dayFormatter } from "../http/days";
import { readDayField } from "../values/day-format";
import { redirectAfterPost, renderPage } from "../http/render";
import { SlotSchedulePage, type GridDay, type SlotSchedulePageProps } from "../../views/fulfilment/slot-schedule";
import { addOneOffWindow, addTemplateWindow, exceptionInput, oneOffInput, removeException, removeTemplateWindow, ruleCutoff, rulesInput, setException, setRules, templateInput } from "./manage-schedule";
import { addDays, clockTime, localDate, localInstant, localMinute, parseClockTime } from "./store-time";
import { ensureWindows, loadSchedule, windowsBetween } from "./windows";

/** The manager's slot screens (mounted at /manage/slots, behind the back office's staff guard): the week grid with booked / capacity, the template, exceptions, rules, one-off windows. */
export const slotManageRoutes = new Hono<AppEnv>();

type Section = "template" | "exception" | "rules" | "oneOff";
const fulfilmentOf = (c: Context<AppEnv>): SlotFulfilment => (c.req.query("fulfilment") === "collection" ? "collection" : "delivery");
const context = (c: Context<AppEnv>) => ({ now: c.var.deps.clock.now().getTime(), timeZone: c.var.deps.config.STORE_TIMEZONE });

async function weekGrid(c: Context<AppEnv>, fulfilment: SlotFulfilment): Promise<GridDay[]> {
  const { now, timeZone } = context(c);
  const { database } = c.var.deps;
  await ensureWindows(database, now, timeZone);
  const today = localDate(now, timeZone);
  const windows = (await windowsBetween(database.db, localInstant(today, 0, timeZone), localInstant(addDays(today, 8), 0, timeZone), now)).filter((w) => w.fulfilment === fulfilment);
  const label = new Intl.DateTimeFormat("en-IE", { timeZone, weekday: "short", day: "numeric", month: "short" });
  return Array.from({ length: 8 }, (_, i) => {
    const date = addDays(today, i);
    return {
      date,
      label: label.format(new Date(localInstant(date, 12 * 60, timeZone))),
      windows: windows
        .filter((w) => localDate(w.startsAt.getTime(), timeZone) === date)
        .map((w) => ({
          id: w.id,
          time: `${clockTime(localMinute(w.startsAt.getTime(), timeZone))}–${clockTime(localMinute(w.endsAt.getTime(), timeZone))}`,
          taken: w.taken,
          capacity: w.capacity,
          feeCents: w.feeCents,
          closed: w.closed,
          pastCutoff: w.cutoffAt.getTime() <= now,
          oneOff: w.source === "one_off",
          place: w.pointName ?? "",
        })),
    };
  });
}

async function showSchedule(c: Context<AppEnv>, failed?: { section: Section; values: FormValues; errors: FormErrors }) {
  const fulfilment = fulfilmentOf(c);
  const { now, timeZone } = context(c);
  const { db } = c.var.deps.database;
  const [days, state, [rule]] = await Promise.all([weekGrid(c, fulfilment), loadSchedule(db, localDate(now, timeZone)), db.select().from(slotRules).where(eq(slotRules.fulfilment, fulfilment))]);
  const props: SlotSchedulePageProps = {
    fulfilment,
    timeZone,
    days,
    rule: rule!,
    templates: state.templates.filter((t) => t.fulfilment === fulfilment),
    exceptions: state.exceptions.filter((e) => e.fulfilment === fulfilment),
    money: moneyFormatter(c),
    day: dayFormatter(c),
    forms: failed ? { [failed.section]: failed.values } : {},
    errors: failed ? { [failed.section]: failed.errors } : {},
  };
  return renderPage(c, "Slots", <SlotSchedulePage {...props} />, { status: failed ? 422 : 200 });
}

slotManageRoutes.get("/", (c) => showSchedule(c));

async function formValues(c: Context<AppEnv>): Promise<FormValues | null> {
  try {
    const body = await c.req.parseBody();
    return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return null;
  }
}

/** Parses the form with the action's schema; a `fee` typed in money becomes `fee_cents` first. */
function parseWith<S extends z.ZodType>(schema: S, values: Record<string, unknown>, rename: Record<string, string> = {}): { ok: true; data: z.infer<S> } | { ok: false; errors: FormErrors } {
  const input: Record<string, unknown> = { ...values, fulfilment: values.fulfilment };
  const errors: FormErrors = {};
  if ("fee" in values) {
    const cents = parseMoney(String(values.fee ?? ""));
    if (cents === null) errors.fee = "Enter the fee as an amount such as 4.99, or 0.";
    input.fee_cents = cents ?? 0;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, data: parsed.data };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[rename[field] ?? (field === "fee_cents" ? "fee" : field)] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The form's `date` as YYYY-MM-DD, typed the store's way (24/12/2026) or as YYYY-MM-DD; else the error to show under the field. */
function formDay(c: Context<AppEnv>, values: FormValues): { ok: true; iso: string } | { ok: false; message: string } {
  const reading = readDayField(values.date ?? "", dayFormatter(c));
  if (!reading.ok) return reading;
  return reading.iso ? { ok: true, iso: reading.iso } : { ok: false, message: "Enter the date." };
}

const done = (c: Context<AppEnv>, text: string, anchor = "") => redirectAfterPost(c, `/manage/slots?fulfilment=${fulfilmentOf(c)}${anchor}`, { kind: "success", text });
const unreadable = (c: Context<AppEnv>, section: Section) => showSchedule(c, { section, values: {}, errors: { form: "The form could not be read. Please send it again." } });

slotManageRoutes.post("/template", async (c) => {
  const values = await formValues(c);
  if (!values) return unreadable(c, "template");
  const parsed = parseWith(templateInput, { ...values, fulfilment: fulfilmentOf(c) });
  if (!parsed.ok) return showSchedule(c, { section: "template", values, errors: parsed.errors });
  const added = await addTemplateWindow(c.var.deps.database, parsed.data, context(c));
  if (!added.ok) return showSchedule(c, { section: "template", values, errors: { form: added.message } });
  return done(c, "Window added to the weekly template; the coming weeks follow.", "#template");
});

const idParam = z.object({ id: z.coerce.number().int().positive() });

slotManageRoutes.post("/template/:id/remove", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const removed = params.success && (await removeTemplateWindow(c.var.deps.database, params.data.id, context(c)));
  return removed ? done(c, "Window removed from the template; orders already booked keep their slot.", "#template") : showSchedule(c, { section: "template", values: {}, errors: { form: "That window is no longer in the template." } });
});

slotManageRoutes.post("/exceptions", async (c) => {
  const values = await formValues(c);
  if (!values) return unreadable(c, "exception");
  const day = formDay(c, values);
  const parsed = parseWith(exceptionInput, { ...values, date: day.ok ? day.iso : "", fulfilment: fulfilmentOf(c) });
  if (!day.ok || !parsed.ok) return showSchedule(c, { section: "exception", values, errors: { ...(parsed.ok ? {} : parsed.errors), ...(day.ok ? {} : { date: day.message }) } });
  await setException(c.var.deps.database, parsed.data, context(c));
  return done(c, `Exception saved for ${dayFormatter(c).long(parsed.data.date)}.`, "#exceptions");
});

slotManageRoutes.post("/exceptions/:id/remove", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const removed = params.success && (await removeException(c.var.deps.database, params.data.id, context(c)));
  return removed ? done(c, "Exception removed; the day follows the template again.", "#exceptions") : showSchedule(c, { section: "exception", values: {}, errors: { form: "That exception no longer exists." } });
});

slotManageRoutes.post("/rules", async (c) => {
  const values = await formValues(c);
  if (!values) return unreadable(c, "rules");
  const parsed = parseWith(rulesInput, { ...values, fulfilment: fulfilmentOf(c) });
  if (!parsed.ok) return showSchedule(c, { section: "rules", values, errors: parsed.errors });
  await setRules(c.var.deps.database, parsed.data, context(c));
  return done(c, "Horizon and cut-off saved.");
});

slotManageRoutes.post("/one-off", async (c) => {
  const values = await formValues(c);
  if (!values) return unreadable(c, "oneOff");
  const fulfilment = fulfilmentOf(c);
  const { now, timeZone } = context(c);
  const day = formDay(c, values);
  const date = day.ok ? day.iso : "";
  const [starts, ends] = [parseClockTime(values.starts ?? ""), parseClockTime(values.ends ?? "", true)];
  const errors: FormErrors = {};
  if (!day.ok) errors.date = day.message;
  if (starts === null) errors.starts = "Enter the start as a time such as 18:00.";
  if (ends === null) errors.ends = "Enter the end as a time such as 20:00.";
  if (Object.keys(errors).length) return showSchedule(c, { section: "oneOff", values, errors });
  const at = (minute: number) => new Date(minute === 1440 ? localInstant(addDays(date, 1), 0, timeZone) : localInstant(date, minute, timeZone)).toISOString();
  const parsed = parseWith(oneOffInput, { ...values, fulfilment, starts_at: at(starts!), ends_at: at(ends!), capacity: /^\d+$/.test(values.capacity ?? "") ? Number(values.capacity) : Number.NaN }, { starts_at: "starts", ends_at: "ends" });
  if (!parsed.ok) return showSchedule(c, { section: "oneOff", values, errors: parsed.errors });
  const { database } = c.var.deps;
  const added = await addOneOffWindow(database, parsed.data, { now, timeZone, cutoffFor: (startsAt) => ruleCutoff(database, fulfilment, startsAt, timeZone) });
  if (!added.ok) return showSchedule(c, { section: "oneOff", values, errors: { [added.field === "starts_at" ? "starts" : "form"]: added.message.replace(/^./, (ch) => ch.toUpperCase()) + "." } });
  return done(c, `One-off window added on ${dayFormatter(c).long(date)}.`);
});
