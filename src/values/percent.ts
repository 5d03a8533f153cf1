/** "23%", "13.5%" for a rate in basis points (VAT rates on invoices, receipts and order pages). */
export const ratePercent = (rateBp: number) => `${Number((rateBp / 100).toFixed(2))}%`;
