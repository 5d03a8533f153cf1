import { Hono, type Context } from "hono";
import { z } from "zod";
import { requireSignedIn } from "../accounts/middleware";
import type { SlotFulfilment } from "../db/fulfilment-tables";
import type { AppEnv } from "../http/env";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderPage } from "../http/render";
import { SlotPickerPage, type HeldSlot, type PickerDay } from "../../views/fulfilment/slot-picker";
import { addressInput, listAddresses, makeDefaultAddress, saveAddress } from "./addresses";
import { heldReservation, releaseSlot, reserveSlot, type HeldReservation, type SlotRefusal } from "./reservations";
import { dayLabel, timeOfDay, windowTime } from "./slot-text";
import { localDate } from "./store-time";
import { shopperWindows } from "./windows";
import { findZone } from "./zones";

/** The shopper's slot booking, mounted at /slots: choose an address in a zone, then reserve a window while shopping. */
export const slotShopRoutes = new Hono<AppEnv>();
slotShopRoutes.use("/reserve", requireSignedIn());
slotShopRoutes.use("/release", requireSignedIn());
slotShopRoutes.use("/address", requireSignedIn());
slotShopRoutes.use("/address/*", requireSignedIn());

const fulfilmentOf = (c: Context<AppEnv>): SlotFulfilment => (c.req.query("fulfilment") === "collection" || c.req.query("fulfilment") === "pickup" ? "collection" : "delivery");

export function heldSlot(held: HeldReservation, timeZone: string): HeldSlot {
  return {
    fulfilment: held.window.fulfilment,
    day: dayLabel(held.window.startsAt.getTime(), timeZone),
    time: windowTime(held.window, timeZone),
    until: timeOfDay(held.expiresAt.getTime(), timeZone),
    place: held.window.pointName ?? "",
  };
}

async function showPicker(c: Context<AppEnv>, options: { fulfilment?: SlotFulfilment; values?: FormValues; errors?: FormErrors; status?: 200 | 409 | 422 } = {}) {
  const { database, clock, config } = c.var.deps;
  const now = clock.now().getTime();
  const timeZone = config.STORE_TIMEZONE;
  const fulfilment = options.fulfilment ?? fulfilmentOf(c);
  const user = c.var.user;
  const [windows, held, addresses] = await Promise.all([
    shopperWindows(database, { fulfilment, now, timeZone }),
    user ? heldReservation(database.db, user.id, now) : Promise.resolve(null),
    user ? listAddresses(database.db, user.id) : Promise.resolve([]),
  ]);
  const chosen = addresses.find((address) => address.isDefault);
  const zone = fulfilment === "delivery" && chosen ? await findZone(database.db, chosen.postcode) : null;
  const days: (PickerDay & { date: string })[] = [];
  for (const window of windows) {
    const date = localDate(window.startsAt.getTime(), timeZone);
    let day = days.at(-1);
    if (day?.date !== date) days.push((day = { date, label: dayLabel(window.startsAt.getTime(), timeZone), windows: [] }));
    day!.windows.push({
      id: window.id,
      time: windowTime(window, timeZone),
      feeCents: window.feeCents + (zone?.feeCents ?? 0),
      left: window.capacityLeft,
      status: window.reason,
      reserved: held?.window.id === window.id,
    });
  }
  const page = (
    <SlotPickerPage
      fulfilment={fulfilment}
      signedIn={Boolean(user)}
      days={days}
      held={held ? heldSlot(held, timeZone) : null}
      addresses={addresses}
      zone={zone}
      money={moneyFormatter(c)}
      addressValues={options.values ?? {}}
      addressErrors={options.errors ?? {}}
    />
  );
  return renderPage(c, "Book a slot", page, { status: options.status });
}

slotShopRoutes.get("/", (c) => showPicker(c));

const REFUSALS: Record<SlotRefusal, string> = {
  not_found: "That slot no longer exists; choose another.",
  full: "Sorry, that slot has just filled up; choose another.",
  past_cutoff: "That slot has stopped taking orders; choose another.",
  closed: "That slot is closed; choose another.",
  beyond_horizon: "That slot can't be booked yet.",
};

const reserveForm = z.object({ slot_id: z.coerce.number({ message: "Choose a slot." }).int("Choose a slot.").positive("Choose a slot.") });

slotShopRoutes.post("/reserve", async (c) => {
  const form = await readForm(c, reserveForm);
  if (!form.ok) return showPicker(c, { status: 422 });
  const { database, clock, config } = c.var.deps;
  const result = await reserveSlot(database, { userId: c.var.user!.id, windowId: form.data.slot_id, now: clock.now().getTime(), minutes: config.SLOT_RESERVATION_MINUTES, timeZone: config.STORE_TIMEZONE });
  if (!result.ok) return redirectAfterPost(c, `/slots?fulfilment=${result.window?.fulfilment ?? fulfilmentOf(c)}`, { kind: "error", text: REFUSALS[result.refusal] });
  const held = heldSlot({ window: result.window, expiresAt: result.expiresAt }, config.STORE_TIMEZONE);
  return redirectAfterPost(c, `/slots?fulfilment=${result.window.fulfilment}`, { kind: "success", text: `${held.day}, ${held.time} is reserved for you until ${held.until}.` });
});

slotShopRoutes.post("/release", async (c) => {
  await releaseSlot(c.var.deps.database, c.var.user!.id);
  return redirectAfterPost(c, "/slots", { kind: "info", text: "Slot given back." });
});

slotShopRoutes.post("/address", async (c) => {
  const form = await readForm(c, addressInput);
  if (!form.ok) return showPicker(c, { fulfilment: "delivery", values: form.values, errors: form.errors, status: 422 });
  const saved = await saveAddress(c.var.deps.database, c.var.user!.id, { ...form.data, make_default: true });
  if (!saved.ok) return showPicker(c, { fulfilment: "delivery", values: form.values, errors: { [saved.field === "id" ? "form" : saved.field]: saved.message }, status: 422 });
  return redirectAfterPost(c, "/slots?fulfilment=delivery", { kind: "success", text: "Address saved: we deliver there. Now choose a slot." });
});

const chooseForm = z.object({ address_id: z.coerce.number({ message: "Choose an address." }).int().positive("Choose an address.") });

slotShopRoutes.post("/address/choose", async (c) => {
  const form = await readForm(c, chooseForm);
  const chosen = form.ok && (await makeDefaultAddress(c.var.deps.database, c.var.user!.id, form.data.address_id));
  if (!chosen) return showPicker(c, { fulfilment: "delivery", errors: { form: "Choose one of your addresses." }, status: 422 });
  return redirectAfterPost(c, "/slots?fulfilment=delivery", { kind: "success", text: "We'll deliver there." });
});
