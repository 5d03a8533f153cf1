/** Dietary labels, kept as a bit set on the product; bit i is DIET_LABELS[i]. Append, never reorder. */
export const DIET_LABELS = ["vegetarian", "vegan", "gluten-free", "organic"] as const;
export type DietLabel = (typeof DIET_LABELS)[number];

export const DIET_LABEL_NAMES: Record<DietLabel, string> = {
  vegetarian: "Vegetarian",
  vegan: "Vegan",
  "gluten-free": "Gluten-free",
  organic: "Organic",
};

export const ALL_DIET_MASK = (1 << DIET_LABELS.length) - 1;

export function dietMask(labels: readonly DietLabel[]): number {
  let mask = 0;
  for (const label of labels) mask |= 1 << DIET_LABELS.indexOf(label);
  return mask;
}

export function dietLabelsIn(mask: number): DietLabel[] {
  return DIET_LABELS.filter((_, index) => (mask & (1 << index)) !== 0);
}

export const isDietLabel = (value: string): value is DietLabel => (DIET_LABELS as readonly string[]).includes(value);
