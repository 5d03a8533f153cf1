/** A count for people to read, its thousands grouped: "1,000", "65,525" (pages' totals, rows written). */
export const grouped = (n: number) => n.toLocaleString("en-GB");
