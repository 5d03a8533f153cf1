import type { DatabaseHandle, UnitStatement } from "../db/client";
import { deliveryZones, slotTemplates } from "../db/fulfilment-tables";
import type { VatClass } from "../db/schema";

/*
 * The demo store's delivery and collection: a weekly template (peak evenings and Saturdays cost
 * more), two Dublin zones, and VAT classes by aisle as an Irish grocer would have them (most food
 * zero-rated; sweets, soft drinks and household goods standard).
 */

const STANDARD_AISLES = new Set(["snacks-sweets", "household", "drinks"]);
export const demoVatClass = (aisle: string): VatClass => (STANDARD_AISLES.has(aisle) ? "standard" : "zero");

const hours = (from: number, to: number) => ({ startMinute: from * 60, endMinute: to * 60 });

export async function seedDemoSlots(handle: DatabaseHandle): Promise<void> {
  const delivery = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { ...hours(8, 10), capacity: 8, feeCents: weekday === 6 ? 499 : 299 },
    { ...hours(10, 12), capacity: 8, feeCents: weekday === 6 ? 499 : 199 },
    { ...hours(14, 16), capacity: 8, feeCents: 199 },
    { ...hours(18, 20), capacity: 10, feeCents: 599 },
    { ...hours(20, 22), capacity: 6, feeCents: 299 },
  ].map((window) => ({ ...window, weekday, fulfilment: "delivery" as const, pointId: null })));
  const collection = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [hours(10, 11), hours(12, 13), hours(17, 18), hours(19, 20)].map((window) => ({ ...window, weekday, fulfilment: "collection" as const, pointId: 1, capacity: 12, feeCents: 0 })));
  const rows = [...delivery, ...collection];
  // 7 bound parameters per template row: 14 rows stay under D1's limit of 100.
  const statements: UnitStatement[] = [];
  for (let start = 0; start < rows.length; start += 14) statements.push(handle.db.insert(slotTemplates).values(rows.slice(start, start + 14)));
  await handle.atomic([
    handle.db.insert(deliveryZones).values([
      { name: "Dublin city", prefixes: "D01 D02 D03 D04 D06 D06W D07 D08", feeCents: 200, freeFromCents: 6000, minimumBasketCents: 2500 },
      { name: "Dublin suburbs", prefixes: "D05 D09 D11 D12 D13 D14 D15 D16 D18 D24 A94 K78", feeCents: 400, freeFromCents: 9000, minimumBasketCents: 4000 },
    ]),
    ...statements,
  ]);
}
