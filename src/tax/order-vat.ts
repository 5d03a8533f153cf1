import type { Order, OrderItem } from "../db/shop-tables";
import { sumByRate, type VatSummary } from "./vat";

/**
 * An order's VAT per rate, summed from what it stored at purchase (ADR 015): each line's gross
 * after its discount share, and the fee. Orders placed before VAT was recorded have no rates.
 */
export function orderVat(
  order: Pick<Order, "deliveryFeeCents" | "deliveryFeeVatRateBp" | "deliveryFeeVatCents"> & { items: Pick<OrderItem, "lineTotalCents" | "vatRateBp" | "discountCents" | "vatCents">[] },
): Pick<VatSummary, "rates" | "totalCents" | "vatCents" | "netCents"> {
  const lines = order.items
    .filter((item) => item.vatRateBp !== null && item.vatCents !== null)
    .map((item) => ({ grossCents: item.lineTotalCents - (item.discountCents ?? 0), rateBp: item.vatRateBp!, vatCents: item.vatCents! }));
  if (order.deliveryFeeCents > 0 && order.deliveryFeeVatRateBp !== null) {
    lines.push({ grossCents: order.deliveryFeeCents, rateBp: order.deliveryFeeVatRateBp, vatCents: order.deliveryFeeVatCents ?? 0 });
  }
  return sumByRate(lines);
}
