/** Median of a list of figures (the mean of the middle two for an even count). */
export function median(figures: number[]): number {
  const sorted = [...figures].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "0.52 (0.48-0.55)": the median of the per-round ratios and their range. Rounds pair up by position. */
export function ratioLine(figures: number[], over: number[]): string {
  const ratios = figures.map((figure, i) => figure / over[i]!).filter(Number.isFinite);
  if (ratios.length === 0) return "?";
  return `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}
