import type { EmailProps } from "../../views/emails";
import { buildMonthlyReport, previousMonth } from "../../src/reports/monthly";

const longName = "Extra-virgin cold-pressed Andalusian olive oil, family reserve";

/** One realistic set of props per template, with long words to catch overflow at 320px. */
export const emailSamples: { [K in keyof EmailProps]: EmailProps[K] } = {
  "verify-email": { name: "Ann Apple", verifyUrl: "https://shop.example.com/verify-email?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde", hoursValid: 24 },
  "password-reset": { name: "Ann Apple", code: "04711234", resetUrl: "https://shop.example.com/reset-password?email=ann%40example.com", minutesValid: 15 },
  "manager-decision": { name: "Mia Manager", approved: true },
  "account-code": { name: "Ann Apple", code: "04711234", minutesValid: 15 },
  "password-changed": { name: "Ann Apple", when: "20 November 2026, 10:00 UTC" },
  "email-change-confirm": {
    name: "Ann Apple",
    newEmail: "ann.apple-with-a-rather-long-address@orchard-cooperative.example.com",
    confirmUrl: "https://shop.example.com/account/email/confirm?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde",
    hoursValid: 24,
  },
  "email-change-notice": {
    name: "Ann Apple",
    newEmail: "ann.apple-with-a-rather-long-address@orchard-cooperative.example.com",
    undoUrl: "https://shop.example.com/account/email/undo?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde",
    daysValid: 7,
  },
  "data-export-ready": { name: "Ann Apple", downloadUrl: "https://shop.example.com/account#your-data", expiresOn: "23 November 2026" },
  "low-stock": {
    mode: "digest",
    products: [
      { name: longName, stockLabel: "0.75 l", thresholdLabel: "5 l" },
      { name: "Free-range eggs", stockLabel: "2 dozen", thresholdLabel: "10 dozen" },
    ],
  },
  "back-in-stock": {
    name: "Ann Apple",
    product: { name: longName, path: "/products/olive-oil", priceCents: 1299, unitLabel: "per l" },
    unsubscribeUrl: "https://shop.example.com/unsubscribe?token=abcdefghijklmnopqrstuvwxyz",
  },
  "cart-reminder": {
    name: "Ann Apple",
    items: [
      { name: longName, quantityLabel: "1 l", lineTotalCents: 1299 },
      { name: "Bananas", quantityLabel: "1.25 kg", lineTotalCents: 238 },
    ],
    totalCents: 1537,
    unsubscribeUrl: "https://shop.example.com/unsubscribe?token=abcdefghijklmnopqrstuvwxyz",
  },
  "we-miss-you": { name: "Ann Apple", unsubscribeUrl: "https://shop.example.com/unsubscribe?token=abcdefghijklmnopqrstuvwxyz" },
  "monthly-report": {
    report: buildMonthlyReport(
      [
        { orderId: 1, placedAt: new Date("2026-11-02T10:00:00Z"), productName: longName, categoryName: "Pantry", quantityMilli: 3000, revenueCents: 3897 },
        { orderId: 2, placedAt: new Date("2026-11-05T10:00:00Z"), productName: "Bananas", categoryName: "Fruit & vegetables", quantityMilli: 5000, revenueCents: 950 },
      ],
      previousMonth(new Date("2026-12-01T07:00:00Z")),
      [{ name: "Oat milk", categoryName: "Dairy & alternatives" }],
    ),
  },
  "order-confirmation": {
    name: "Ann Apple",
    orderNumber: "GR-2026-000123",
    placedAt: "20 Nov 2026, 10:00",
    lines: [
      { name: longName, quantityLabel: "1 l", unitPriceCents: 1299, lineTotalCents: 1299 },
      { name: "Bananas", quantityLabel: "1.25 kg", unitPriceCents: 190, lineTotalCents: 238 },
    ],
    subtotalCents: 1537,
    discountCents: 150,
    deliveryCents: 399,
    taxCents: 160,
    totalCents: 1786,
    billingAddress: ["Ann Apple", "12 Orchard Lane", "Dublin D02 XY45"],
  },
  "order-status": { name: "Ann Apple", orderNumber: "GR-2026-000123", statusLabel: "Out for delivery", note: "Your driver arrives between 18:00 and 19:00." },
  invoice: { name: "Ann Apple", orderNumber: "GR-000123", invoiceNumber: "INV-000042", totalCents: 5249 },
  "credit-note": { name: "Ann Apple", orderNumber: "GR-000123", creditNoteNumber: "CN-000007", invoiceNumber: "INV-000042", totalCents: 189 },
  "order-picked": {
    name: "Ann Apple",
    orderNumber: "GR-2026-000123",
    changes: [
      { label: "Weighed", text: "Whole Chicken, ordered 1 × about 1.2 kg, weighed 1, 1.34 kg", oldCents: 899, newCents: 1004 },
      { label: "Substituted", text: "Oat Drink → Organic Oat Drink (1 l)", oldCents: 219, newCents: 219 },
      { label: "Unavailable", text: "Free-range Eggs (1 dozen): we had none, you are not charged", oldCents: 399, newCents: 0 },
    ],
    estimateCents: 1517,
    discountCents: 0,
    feeCents: 0,
    amountDueCents: 1223,
  },
};
