import { and, eq } from "drizzle-orm";
// zod with .openapi(): the API documents these same schemas.
import { z } from "@hono/zod-openapi";
import type { DatabaseHandle } from "../db/client";
import {
  collectionPoints,
  CUTOFF_KINDS,
  EXCEPTION_KINDS,
  SLOT_FULFILMENTS,
  slotExceptions,
  slotRules,
  slotTemplates,
  slotWindows,
  type SlotTemplate,
} from "../db/fulfilment-tables";
import { cutoffOf, placeOf } from "./schedule";
import { isIsoDate, localDate, parseClockTime } from "./store-time";
import { changeSchedule } from "./windows";

/*
 * The manager's side of the schedule: the weekly template, exceptions by date, the rules (horizon,
 * cut-off) and one-off windows. One zod input per action serves the pages and the API.
 */

const clock = (message: string, allowMidnightEnd = false) =>
  z
    .string({ message })
    .transform((value, ctx) => {
      const minute = parseClockTime(value, allowMidnightEnd);
      if (minute === null) ctx.addIssue({ code: "custom", message });
      return minute ?? 0;
    });

const wholeNumber = (message: string, max: number) => z.coerce.number({ message }).int(message).min(0, message).max(max, message);

export const templateInput = z
  .object({
    fulfilment: z.enum(SLOT_FULFILMENTS, { message: "Choose delivery or collection." }),
    point_id: z.coerce.number().int().positive().optional(),
    weekday: z.coerce.number({ message: "Choose a day of the week." }).int().min(1, "Choose a day of the week.").max(7, "Choose a day of the week."),
    starts: clock("Enter the start as a time such as 08:00."),
    ends: clock("Enter the end as a time such as 10:00.", true),
    capacity: wholeNumber("Enter the number of orders the window takes (0-10000).", 10_000),
    fee_cents: wholeNumber("Enter the fee in cents (0 or more).", 100_000),
  })
  .superRefine((input, ctx) => {
    if (input.ends <= input.starts) ctx.addIssue({ code: "custom", path: ["ends"], message: "The window must end after it starts." });
  });

export const exceptionInput = z
  .object({
    fulfilment: z.enum(SLOT_FULFILMENTS, { message: "Choose delivery or collection." }),
    date: z.string({ message: "Enter the date as YYYY-MM-DD." }).refine(isIsoDate, "Enter the date as YYYY-MM-DD."),
    kind: z.enum(EXCEPTION_KINDS, { message: "Choose closed or another capacity." }),
    capacity: z.union([z.literal("").transform(() => undefined), wholeNumber("Enter the capacity for every window that day (0-10000).", 10_000)]).optional(),
    note: z.string().trim().max(120, "Keep the note under 120 characters.").optional().default(""),
  })
  .superRefine((input, ctx) => {
    if (input.kind === "capacity" && input.capacity === undefined) ctx.addIssue({ code: "custom", path: ["capacity"], message: "Enter the capacity for every window that day (0-10000)." });
  });

export const rulesInput = z
  .object({
    fulfilment: z.enum(SLOT_FULFILMENTS, { message: "Choose delivery or collection." }),
    horizon_days: z.coerce.number({ message: "Enter the horizon in days (1-60)." }).int("Enter the horizon in days (1-60).").min(1, "Enter the horizon in days (1-60).").max(60, "Enter the horizon in days (1-60)."),
    cutoff_kind: z.enum(CUTOFF_KINDS, { message: "Choose a cut-off rule." }),
    cutoff_time: z.string().optional(),
    cutoff_hours: z.union([z.literal("").transform(() => undefined), wholeNumber("Enter the cut-off in hours before the window (0-168).", 168)]).optional(),
  })
  .transform((input, ctx) => {
    const value = input.cutoff_kind === "day_before" ? parseClockTime(input.cutoff_time ?? "") : (input.cutoff_hours ?? null);
    if (value === null) {
      ctx.addIssue({
        code: "custom",
        path: [input.cutoff_kind === "day_before" ? "cutoff_time" : "cutoff_hours"],
        message: input.cutoff_kind === "day_before" ? "Enter the time the day before, such as 22:00." : "Enter the cut-off in hours before the window (0-168).",
      });
      return z.NEVER;
    }
    return { fulfilment: input.fulfilment, horizonDays: input.horizon_days, cutoffKind: input.cutoff_kind, cutoffValue: value };
  });

export type TemplateInput = z.infer<typeof templateInput>;
export type ExceptionInput = z.infer<typeof exceptionInput>;
export type RulesInput = z.infer<typeof rulesInput>;
type ScheduleContext = { now: number; timeZone: string };

export type ScheduleResult = { ok: true } | { ok: false; field: string; message: string };

async function pointFor(handle: DatabaseHandle, fulfilment: "delivery" | "collection", pointId: number | undefined): Promise<number | null | "missing"> {
  if (fulfilment === "delivery") return null;
  const points = await handle.db.select({ id: collectionPoints.id }).from(collectionPoints).where(eq(collectionPoints.active, true));
  if (pointId === undefined) return points[0]?.id ?? "missing";
  return points.some((point) => point.id === pointId) ? pointId : "missing";
}

export async function addTemplateWindow(handle: DatabaseHandle, input: TemplateInput, context: ScheduleContext): Promise<ScheduleResult> {
  const pointId = await pointFor(handle, input.fulfilment, input.point_id);
  if (pointId === "missing") return { ok: false, field: "point_id", message: "Choose an open collection point." };
  const values = { fulfilment: input.fulfilment, pointId, weekday: input.weekday, startMinute: input.starts, endMinute: input.ends, capacity: input.capacity, feeCents: input.fee_cents };
  const added: SlotTemplate = { id: -1, ...values };
  await changeSchedule(handle, context.now, context.timeZone, handle.db.insert(slotTemplates).values(values), (state) => ({ ...state, templates: [...state.templates, added] }));
  return { ok: true };
}

export async function removeTemplateWindow(handle: DatabaseHandle, id: number, context: ScheduleContext): Promise<boolean> {
  const [existing] = await handle.db.select({ id: slotTemplates.id }).from(slotTemplates).where(eq(slotTemplates.id, id));
  if (!existing) return false;
  await changeSchedule(handle, context.now, context.timeZone, handle.db.delete(slotTemplates).where(eq(slotTemplates.id, id)), (state) => ({
    ...state,
    templates: state.templates.filter((template) => template.id !== id),
  }));
  return true;
}

/** Sets (or replaces) the exception for a fulfilment on a date. */
export async function setException(handle: DatabaseHandle, input: ExceptionInput, context: ScheduleContext): Promise<void> {
  const values = { fulfilment: input.fulfilment, date: input.date, kind: input.kind, capacity: input.kind === "capacity" ? input.capacity! : null, note: input.note };
  const write = handle.db
    .insert(slotExceptions)
    .values(values)
    .onConflictDoUpdate({ target: [slotExceptions.fulfilment, slotExceptions.date], set: { kind: values.kind, capacity: values.capacity, note: values.note } });
  await changeSchedule(handle, context.now, context.timeZone, write, (state) => ({
    ...state,
    exceptions: [...state.exceptions.filter((e) => !(e.fulfilment === values.fulfilment && e.date === values.date)), { id: -1, ...values }],
  }));
}

export async function removeException(handle: DatabaseHandle, id: number, context: ScheduleContext): Promise<boolean> {
  const [existing] = await handle.db.select({ id: slotExceptions.id }).from(slotExceptions).where(eq(slotExceptions.id, id));
  if (!existing) return false;
  await changeSchedule(handle, context.now, context.timeZone, handle.db.delete(slotExceptions).where(eq(slotExceptions.id, id)), (state) => ({
    ...state,
    exceptions: state.exceptions.filter((exception) => exception.id !== id),
  }));
  return true;
}

export async function setRules(handle: DatabaseHandle, input: RulesInput, context: ScheduleContext): Promise<void> {
  const write = handle.db.update(slotRules).set({ horizonDays: input.horizonDays, cutoffKind: input.cutoffKind, cutoffValue: input.cutoffValue }).where(eq(slotRules.fulfilment, input.fulfilment));
  await changeSchedule(handle, context.now, context.timeZone, write, (state) => ({
    ...state,
    rules: state.rules.map((rule) => (rule.fulfilment === input.fulfilment ? { ...rule, ...input } : rule)),
  }));
}

export const oneOffInput = z
  .object({
    fulfilment: z.enum(SLOT_FULFILMENTS, { message: "must be delivery or collection" }),
    point_id: z.coerce.number().int().positive().optional(),
    starts_at: z.iso.datetime({ offset: true, message: "must be a date-time with its offset, such as 2026-12-24T18:00:00Z" }),
    ends_at: z.iso.datetime({ offset: true, message: "must be a date-time with its offset, such as 2026-12-24T20:00:00Z" }),
    cutoff_at: z.iso.datetime({ offset: true, message: "must be a date-time with its offset" }).optional(),
    capacity: z.number({ message: "must be a whole number of orders" }).int("must be a whole number of orders").min(1, "must be at least 1").max(10_000, "must be at most 10000"),
    fee_cents: z.number({ message: "must be a whole number of cents" }).int("must be a whole number of cents").min(0, "can't be negative").max(100_000, "must be at most 100000"),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.ends_at) <= Date.parse(input.starts_at)) ctx.addIssue({ code: "custom", path: ["ends_at"], message: "must be after starts_at" });
    if (input.cutoff_at && Date.parse(input.cutoff_at) > Date.parse(input.starts_at)) ctx.addIssue({ code: "custom", path: ["cutoff_at"], message: "must not be after starts_at" });
  });
export type OneOffInput = z.infer<typeof oneOffInput>;

export type OneOffResult = { ok: true; id: number } | { ok: false; field: string; message: string; status: 409 | 422 };

/**
 * A window outside the template (Christmas Eve evening): its cut-off is given, or the fulfilment's
 * rule applied to its start. One window per place and start.
 */
export async function addOneOffWindow(handle: DatabaseHandle, input: OneOffInput, context: ScheduleContext & { cutoffFor: (startsAt: number) => Promise<number> }): Promise<OneOffResult> {
  const startsAt = Date.parse(input.starts_at);
  if (startsAt <= context.now) return { ok: false, field: "starts_at", message: "must be in the future", status: 422 };
  const pointId = await pointFor(handle, input.fulfilment, input.point_id);
  if (pointId === "missing") return { ok: false, field: "point_id", message: "must be an open collection point", status: 422 };
  const place = placeOf(input.fulfilment, pointId);
  const [clash] = await handle.db.select({ id: slotWindows.id }).from(slotWindows).where(and(eq(slotWindows.place, place), eq(slotWindows.startsAt, new Date(startsAt))));
  if (clash) return { ok: false, field: "starts_at", message: "a window already starts then; change its capacity with an exception instead", status: 409 };
  const cutoffAt = input.cutoff_at ? Date.parse(input.cutoff_at) : await context.cutoffFor(startsAt);
  await handle.atomic([
    handle.db.insert(slotWindows).values({
      fulfilment: input.fulfilment,
      pointId,
      place,
      source: "one_off",
      startsAt: new Date(startsAt),
      endsAt: new Date(Date.parse(input.ends_at)),
      cutoffAt: new Date(Math.min(cutoffAt, startsAt)),
      capacity: input.capacity,
      feeCents: input.fee_cents,
    }),
  ]);
  const [row] = await handle.db.select({ id: slotWindows.id }).from(slotWindows).where(and(eq(slotWindows.place, place), eq(slotWindows.startsAt, new Date(startsAt))));
  return { ok: true, id: row!.id };
}

/** The fulfilment's cut-off rule applied to a start (for one-off windows). */
export async function ruleCutoff(handle: DatabaseHandle, fulfilment: "delivery" | "collection", startsAt: number, timeZone: string): Promise<number> {
  const [rule] = await handle.db.select().from(slotRules).where(eq(slotRules.fulfilment, fulfilment));
  return cutoffOf(rule ?? { cutoffKind: "hours_before", cutoffValue: 0 }, localDate(startsAt, timeZone), startsAt, timeZone);
}
