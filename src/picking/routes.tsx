import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { readForm } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { dayFormatter } from "../http/days";
import { readDayField } from "../values/day-format";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { dayOf, dayText, parseDay } from "../reports/date-range";
import { slotText } from "../fulfilment/slot-text";
import { orderNumber } from "../orders/queries";
import { vatRatesOf } from "../tax/rates";
import { ErrorPage } from "../../views/errors";
import { PickCount, PickListPage, type SlotChoice } from "../../views/picking/pick-list-page";
import { lineAnchor, PickLineItem, type LineProblem } from "../../views/picking/pick-line";
import { SubstitutePage } from "../../views/picking/substitute-page";
import { completePick } from "./complete";
import { replacedCents } from "./final-amounts";
import { pickCountOf, pickList, pickListLine, type PickList, type PickListLine } from "./lists";
import { pickLineInput, recordPick } from "./record";
import { startPicking } from "./start";
import { refuseSubstitute } from "./refuse";
import { refundRefusedSubstitutes } from "../payments/refused-substitutes";
import { substituteCandidates, substituteSearchInput } from "./substitutes";

/*
 * The picking screen (/manage/picking), phone first: a day's orders batched by slot, their lines in
 * the shop's walk order, a form per line, a substitute search, and "Finish", which is completePick.
 * Every form is a plain POST answered with 303; htmx only swaps a line in place.
 */

export const pickingRoutes = new Hono<AppEnv>();

const HOME = "/manage/picking";
const ids = z.object({ id: z.coerce.number().int().positive().max(999_999_999_999) });
const lineIds = ids.extend({ lineId: z.coerce.number().int().positive().max(999_999_999_999) });

/** Where to come back to: a picking page only (the date and slot being picked). */
const backOf = (text: string | undefined) => (text && text.startsWith(`${HOME}?`) && !text.includes("//") ? text : HOME);

/** `dateProblem`: the day typed could not be read (the field shows it with the reason; the list is today's). */
type ListQuery = { day: { from: Date; to: Date }; dateText: string; slotValue: string; slotId: number | null | undefined; dateProblem?: { typed: string; message: string } };

function listQuery(c: Context<AppEnv>, fromBack?: string): ListQuery {
  const query = fromBack ? new URL(fromBack, "http://picking.local").searchParams : new URLSearchParams(new URL(c.req.url).search);
  const typed = query.get("date") ?? "";
  const reading = readDayField(typed, dayFormatter(c));
  const chosen = reading.ok && reading.iso ? parseDay(reading.iso) : null;
  const day = dayOf(chosen ?? c.var.deps.clock.now());
  const slotText = query.get("slot") ?? "";
  const slotId = slotText === "none" ? null : /^\d{1,12}$/.test(slotText) ? Number(slotText) : undefined;
  const dateProblem = reading.ok ? undefined : { typed, message: reading.message };
  return { day, dateText: dayText(day.from), slotValue: slotId === undefined ? "" : slotText, slotId, dateProblem };
}

const backFor = (query: ListQuery) => `${HOME}?date=${query.dateText}${query.slotValue ? `&slot=${query.slotValue}` : ""}`;

function slotChoices(c: Context<AppEnv>, list: PickList): SlotChoice[] {
  const zone = c.var.deps.config.STORE_TIMEZONE;
  return [
    { value: "", text: "Every slot" },
    ...list.slots.map((slot) => ({ value: String(slot.id), text: `${slot.fulfilment === "delivery" ? "Delivery" : "Collection"} ${slotText(slot, zone)} (${slot.orders})` })),
    ...(list.unslotted ? [{ value: "none", text: `No slot (${list.unslotted})` }] : []),
  ];
}

async function listPage(c: Context<AppEnv>, query: ListQuery, problem?: { lineId: number } & LineProblem, status: 200 | 409 | 422 = 200) {
  const list = await pickList(c.var.deps.database.db, { day: query.day, slotId: query.slotId });
  const page = <PickListPage list={list} money={moneyFormatter(c)} dateText={query.dateText} dateProblem={query.dateProblem} day={dayFormatter(c)} slotValue={query.slotValue} slotChoices={slotChoices(c, list)} back={backFor(query)} problem={problem} />;
  return renderPage(c, "Picking", page, { status: query.dateProblem ? 422 : status });
}

pickingRoutes.get("/", (c) => listPage(c, listQuery(c)));

const backForm = z.object({ back: z.string().max(300).optional() });
const context = (c: Context<AppEnv>) => ({ actorId: c.var.user!.id, now: c.var.deps.clock.now(), vatRates: vatRatesOf(c.var.deps.config) });
const notFound = (c: Context<AppEnv>, message = "That order is not on the picking list.") => renderPage(c, "Not found", <ErrorPage heading="Not found" message={message} />, { status: 404 });
const refused = (c: Context<AppEnv>, status: 409 | 422, heading: string, message: string, back: string) => renderPage(c, heading, <RefusedPage heading={heading} message={message} back={back} />, { status });

function RefusedPage({ heading, message, back }: { heading: string; message: string; back: string }) {
  return (
    <section class="picking">
      <h1>{heading}</h1>
      <p role="alert">{message}</p>
      <p><a class="button" href={back}>Back</a></p>
    </section>
  );
}

pickingRoutes.post("/orders/:id/start", async (c) => {
  const params = ids.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const form = await readForm(c, backForm);
  const back = backOf(form.ok ? form.data.back : undefined);
  const result = await startPicking(c.var.deps.database, params.data.id, context(c));
  if (!result.ok) return result.status === 404 ? notFound(c) : refused(c, 409, "Not started", result.message, back);
  return redirectAfterPost(c, `${back}#pick-order-${params.data.id}`, { kind: "success", text: `${orderNumber({ id: params.data.id })} is being picked.` });
});

pickingRoutes.post("/orders/:id/complete", async (c) => {
  const params = ids.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const form = await readForm(c, backForm);
  const back = backOf(form.ok ? form.data.back : undefined);
  const result = await completePick(c.var.deps.database, params.data.id, context(c));
  if (!result.ok) return result.status === 404 ? notFound(c) : refused(c, result.status, "Not finished", result.message, back);
  const money = moneyFormatter(c);
  return redirectAfterPost(c, back, { kind: "success", text: `${orderNumber({ id: params.data.id })} is picked: the shopper pays ${money(result.final.amountDueCents)}.` });
});

const lineForm = z.object({ action: z.enum(["save", "none"]).optional(), back: z.string().max(300).optional() });

/** Records a line from its form: "None in stock" records nothing picked; the fields go through the one contract (record.ts). */
pickingRoutes.post("/orders/:id/lines/:lineId", async (c) => {
  const params = lineIds.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const { db } = c.var.deps.database;
  const before = await pickListLine(db, params.data.id, params.data.lineId);
  if (!before) return notFound(c, "That line is not on this order.");
  const raw = await readForm(c, lineForm);
  const values = raw.values;
  const back = backOf(values.back);
  const fields = values.action === "none" ? { picked: "0" } : { ...values };
  delete (fields as Record<string, string>).action;
  delete (fields as Record<string, string>).back;
  const input = pickLineInput.safeParse(fields);
  const answerProblem = (status: 404 | 409 | 422, message: string) => lineAnswer(c, before, back, status, { message, values });
  if (!input.success) return answerProblem(422, input.error.issues[0]?.message ?? "Check the line's amounts.");
  const result = await recordPick(c.var.deps.database, { orderId: before.orderId, lineId: before.lineId }, input.data, context(c));
  if (!result.ok) return answerProblem(result.status, result.message);
  const scanned = Boolean(input.data.barcode);
  if (wantsFragment(c)) return lineAnswer(c, before, back, 200, undefined, scanned);
  return redirectAfterPost(c, `${back}#${lineAnchor(before.lineId)}`, scanned ? { kind: "success", text: `Barcode matches: ${before.name} recorded.` } : undefined);
});

/** The line again (htmx swaps it in place), or for a plain form with a problem the whole walk with it (422/409). */
async function lineAnswer(c: Context<AppEnv>, before: PickListLine, back: string, status: 200 | 404 | 409 | 422, problem?: LineProblem, scanned?: boolean) {
  const line = (await pickListLine(c.var.deps.database.db, before.orderId, before.lineId)) ?? before;
  if (status === 404) return notFound(c, problem?.message);
  if (wantsFragment(c)) {
    // The order card's count follows out of band: a recorded line moves it at once.
    const count = await pickCountOf(c.var.deps.database.db, line.orderId);
    return c.html(<><PickLineItem line={line} money={moneyFormatter(c)} back={back} problem={problem} scanned={scanned} /><PickCount orderId={line.orderId} {...count} oob /></>, status);
  }
  return listPage(c, listQuery(c, back), problem ? { lineId: line.lineId, ...problem } : undefined, status === 200 ? 200 : status);
}

pickingRoutes.get("/orders/:id/lines/:lineId/substitute", async (c) => {
  const params = lineIds.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const { db } = c.var.deps.database;
  const line = await pickListLine(db, params.data.id, params.data.lineId);
  if (!line || line.orderStatus !== "picking") return notFound(c, "That line is not being picked.");
  const back = backOf(c.req.query("back"));
  const search = substituteSearchInput.safeParse({ q: c.req.query("q") });
  const query = search.success ? search.data.q : "";
  const pickedQuantity = line.record && line.record.pickedQuantity < line.quantity ? line.record.pickedQuantity : 0;
  const capCents = replacedCents(
    { id: line.lineId, productId: line.productId, name: line.name, unit: line.unit, quantity: line.quantity, priceCents: line.priceCents, lineTotalCents: line.lineTotalCents, pricePerKgCents: line.pricePerKgCents, estimatedWeightGrams: line.estimatedWeightGrams, vatRateBp: 0, allowSubstitute: line.allowSubstitute },
    { pickedQuantity, pickedWeightGrams: null, substitute: null },
  );
  const candidates = line.allowSubstitute ? await substituteCandidates(db, line, query) : [];
  const error = !search.success ? search.error.issues[0]?.message : line.allowSubstitute ? undefined : "The shopper asked for no substitute for this line.";
  return renderPage(
    c,
    `Substitute for ${line.name}`,
    <SubstitutePage line={line} candidates={candidates} query={query} money={moneyFormatter(c)} back={back} pickedQuantity={pickedQuantity} capCents={capCents} error={error} />,
    { status: search.success ? 200 : 422 },
  );
});

/** A substitute the shopper refused at the door or the desk: off the bill, back on the shelf (refuse.ts), from the staff order page. */
pickingRoutes.post("/orders/:id/substitutes/:lineId/refuse", async (c) => {
  const params = lineIds.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const result = await refuseSubstitute(c.var.deps.database, { orderId: params.data.id, lineId: params.data.lineId }, context(c));
  const orderPage = `/manage/orders/${params.data.id}`;
  if (!result.ok) return result.status === 404 ? notFound(c, result.message) : refused(c, 409, "Not refused", result.message, orderPage);
  await refundRefusedSubstitutes(c.var.deps, params.data.id, c.var.user!.id);
  return redirectAfterPost(c, orderPage, { kind: "success", text: `Substitute taken off the bill: the shopper now pays ${moneyFormatter(c)(result.amountDueCents)}.` });
});
