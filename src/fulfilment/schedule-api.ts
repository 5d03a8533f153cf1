import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { asc } from "drizzle-orm";
import { bearerAuth, requireStaffRole } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { IdParam } from "../api/schemas";
import { collectionPoints } from "../db/fulfilment-tables";
import { addTemplateWindow, exceptionInput, removeException, removeTemplateWindow, rulesInput, setException, setRules, templateInput } from "./manage-schedule";
import { clockTime, localDate } from "./store-time";
import { loadSchedule } from "./windows";

/** The weekly template, its exceptions and the rules, for managers: the same actions as /manage/slots. */
export const scheduleApi = apiRouter();
scheduleApi.use("/slot-schedule", bearerAuth(), requireStaffRole("manager"));
scheduleApi.use("/slot-schedule/*", bearerAuth(), requireStaffRole("manager"));

const ScheduleSchema = z
  .object({
    time_zone: z.string().openapi({ example: "Europe/Dublin" }),
    rules: z.array(
      z.object({
        fulfilment: z.enum(["delivery", "collection"]),
        horizon_days: z.number().int(),
        cutoff_kind: z.enum(["day_before", "hours_before"]),
        cutoff_time: z.string().nullable().openapi({ description: "For day_before: the local time the day before.", example: "22:00" }),
        cutoff_hours: z.number().int().nullable().openapi({ description: "For hours_before: hours before the window starts." }),
      }),
    ),
    template: z.array(
      z.object({
        id: z.number().int(),
        fulfilment: z.enum(["delivery", "collection"]),
        point_id: z.number().int().nullable(),
        weekday: z.number().int().openapi({ description: "1 Monday .. 7 Sunday." }),
        starts: z.string().openapi({ example: "08:00" }),
        ends: z.string().openapi({ example: "10:00" }),
        capacity: z.number().int(),
        fee_cents: z.number().int(),
      }),
    ),
    exceptions: z.array(
      z.object({ id: z.number().int(), fulfilment: z.enum(["delivery", "collection"]), date: z.string(), kind: z.enum(["closed", "capacity"]), capacity: z.number().int().nullable(), note: z.string() }),
    ),
    collection_points: z.array(z.object({ id: z.number().int(), name: z.string(), address: z.string(), active: z.boolean() })),
  })
  .openapi("SlotSchedule");

const scheduleContent = { "application/json": { schema: ScheduleSchema } };
const context = (c: Context<ApiEnv>) => ({ now: c.var.deps.clock.now().getTime(), timeZone: c.var.deps.config.STORE_TIMEZONE });

async function scheduleJson(c: Context<ApiEnv>): Promise<z.infer<typeof ScheduleSchema>> {
  const { now, timeZone } = context(c);
  const { db } = c.var.deps.database;
  const [state, points] = await Promise.all([loadSchedule(db, localDate(now, timeZone)), db.select().from(collectionPoints).orderBy(asc(collectionPoints.id))]);
  return {
    time_zone: timeZone,
    rules: state.rules.map((rule) => ({
      fulfilment: rule.fulfilment,
      horizon_days: rule.horizonDays,
      cutoff_kind: rule.cutoffKind,
      cutoff_time: rule.cutoffKind === "day_before" ? clockTime(rule.cutoffValue) : null,
      cutoff_hours: rule.cutoffKind === "hours_before" ? rule.cutoffValue : null,
    })),
    template: state.templates.map((t) => ({
      id: t.id,
      fulfilment: t.fulfilment,
      point_id: t.pointId,
      weekday: t.weekday,
      starts: clockTime(t.startMinute),
      ends: t.endMinute === 1440 ? "24:00" : clockTime(t.endMinute),
      capacity: t.capacity,
      fee_cents: t.feeCents,
    })),
    exceptions: state.exceptions.map((e) => ({ id: e.id, fulfilment: e.fulfilment, date: e.date, kind: e.kind, capacity: e.capacity, note: e.note })),
    collection_points: points.map((p) => ({ id: p.id, name: p.name, address: p.address, active: p.active })),
  };
}

scheduleApi.openapi(
  createRoute({
    method: "get",
    path: "/slot-schedule",
    operationId: "getSlotSchedule",
    tags: ["Slots"],
    summary: "The weekly template, exceptions and rules (manager)",
    description: "Times are local to `time_zone`; exceptions from today on.",
    responses: { 200: { description: "The schedule.", content: scheduleContent }, ...problems(401, 403) },
  }),
  async (c) => c.json(await scheduleJson(c), 200),
);

const TemplateWindow = templateInput.openapi("NewTemplateWindow", { example: { fulfilment: "delivery", weekday: 6, starts: "08:00", ends: "10:00", capacity: 20, fee_cents: 499 } });

scheduleApi.openapi(
  createRoute({
    method: "post",
    path: "/slot-schedule/template",
    operationId: "addTemplateWindow",
    tags: ["Slots"],
    summary: "Add a window to the weekly template (manager)",
    description: "The horizon's windows follow at once. Collection windows belong to `point_id` (default: the first collection point).",
    request: { body: { required: true, content: { "application/json": { schema: TemplateWindow } } } },
    responses: { 201: { description: "The schedule after the change.", content: scheduleContent }, ...problems(401, 403, 422) },
  }),
  async (c) => {
    const result = await addTemplateWindow(c.var.deps.database, c.req.valid("json"), context(c));
    if (!result.ok) throw new ApiProblem(422, "Unprocessable Content", `${result.field}: ${result.message}`, { type: problemType("validation"), errors: [{ path: result.field, message: result.message }] });
    return c.json(await scheduleJson(c), 201);
  },
);

scheduleApi.openapi(
  createRoute({
    method: "delete",
    path: "/slot-schedule/template/{id}",
    operationId: "removeTemplateWindow",
    tags: ["Slots"],
    summary: "Remove a window from the weekly template (manager)",
    description: "Its coming windows close; orders already booked in them keep their booking.",
    request: { params: IdParam },
    responses: { 200: { description: "The schedule after the change.", content: scheduleContent }, ...problems(401, 403, 404) },
  }),
  async (c) => {
    if (!(await removeTemplateWindow(c.var.deps.database, c.req.valid("param").id, context(c)))) throw notFound("No template window with that id.");
    return c.json(await scheduleJson(c), 200);
  },
);

const ExceptionBody = exceptionInput.openapi("SlotException", { example: { fulfilment: "delivery", date: "2026-12-26", kind: "closed", note: "St Stephen's Day" } });

scheduleApi.openapi(
  createRoute({
    method: "put",
    path: "/slot-schedule/exceptions",
    operationId: "setSlotException",
    tags: ["Slots"],
    summary: "Close a date, or give its windows another capacity (manager)",
    description: "One exception per fulfilment and date; sending another replaces it.",
    request: { body: { required: true, content: { "application/json": { schema: ExceptionBody } } } },
    responses: { 200: { description: "The schedule after the change.", content: scheduleContent }, ...problems(401, 403, 422) },
  }),
  async (c) => {
    await setException(c.var.deps.database, c.req.valid("json"), context(c));
    return c.json(await scheduleJson(c), 200);
  },
);

scheduleApi.openapi(
  createRoute({
    method: "delete",
    path: "/slot-schedule/exceptions/{id}",
    operationId: "removeSlotException",
    tags: ["Slots"],
    summary: "Remove an exception: the date follows the template again (manager)",
    request: { params: IdParam },
    responses: { 200: { description: "The schedule after the change.", content: scheduleContent }, ...problems(401, 403, 404) },
  }),
  async (c) => {
    if (!(await removeException(c.var.deps.database, c.req.valid("param").id, context(c)))) throw notFound("No exception with that id.");
    return c.json(await scheduleJson(c), 200);
  },
);

const RulesBody = z
  .object({
    fulfilment: z.enum(["delivery", "collection"]),
    horizon_days: z.number().int(),
    cutoff_kind: z.enum(["day_before", "hours_before"]),
    cutoff_time: z.string().optional().openapi({ example: "22:00" }),
    cutoff_hours: z.number().int().optional(),
  })
  .openapi("SlotRules", { example: { fulfilment: "delivery", horizon_days: 7, cutoff_kind: "day_before", cutoff_time: "22:00" } });

scheduleApi.openapi(
  createRoute({
    method: "put",
    path: "/slot-schedule/rules",
    operationId: "setSlotRules",
    tags: ["Slots"],
    summary: "Set a fulfilment's booking horizon and cut-off (manager)",
    description: "`day_before` closes a window at `cutoff_time` (local) the day before; `hours_before` `cutoff_hours` before it starts.",
    request: { body: { required: true, content: { "application/json": { schema: RulesBody } } } },
    responses: { 200: { description: "The schedule after the change.", content: scheduleContent }, ...problems(401, 403, 422) },
  }),
  async (c) => {
    const parsed = rulesInput.safeParse(c.req.valid("json"));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "body", message: issue.message }));
      throw new ApiProblem(422, "Unprocessable Content", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { type: problemType("validation"), errors });
    }
    await setRules(c.var.deps.database, parsed.data, context(c));
    return c.json(await scheduleJson(c), 200);
  },
);
