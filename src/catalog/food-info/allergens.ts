/**
 * The 14 allergens of Regulation (EU) 1169/2011, Annex II, in the Annex's order. A product keeps
 * them as two bit sets ("contains" and "may contain"); bit i is ALLERGENS[i]. The order is part of
 * the stored data: append, never reorder.
 */
export const ALLERGENS = [
  "gluten",
  "crustaceans",
  "eggs",
  "fish",
  "peanuts",
  "soy",
  "milk",
  "nuts",
  "celery",
  "mustard",
  "sesame",
  "sulphites",
  "lupin",
  "molluscs",
] as const;
export type Allergen = (typeof ALLERGENS)[number];

export const ALLERGEN_LABELS: Record<Allergen, string> = {
  gluten: "Cereals containing gluten",
  crustaceans: "Crustaceans",
  eggs: "Eggs",
  fish: "Fish",
  peanuts: "Peanuts",
  soy: "Soybeans",
  milk: "Milk",
  nuts: "Nuts",
  celery: "Celery",
  mustard: "Mustard",
  sesame: "Sesame seeds",
  sulphites: "Sulphur dioxide and sulphites",
  lupin: "Lupin",
  molluscs: "Molluscs",
};

/** Short names for filters: "Free from milk". */
export const ALLERGEN_SHORT: Record<Allergen, string> = {
  gluten: "gluten",
  crustaceans: "crustaceans",
  eggs: "eggs",
  fish: "fish",
  peanuts: "peanuts",
  soy: "soy",
  milk: "milk",
  nuts: "nuts",
  celery: "celery",
  mustard: "mustard",
  sesame: "sesame",
  sulphites: "sulphites",
  lupin: "lupin",
  molluscs: "molluscs",
};

export const ALL_ALLERGENS_MASK = (1 << ALLERGENS.length) - 1;

export const allergenBit = (allergen: Allergen) => 1 << ALLERGENS.indexOf(allergen);

export function allergenMask(allergens: readonly Allergen[]): number {
  let mask = 0;
  for (const allergen of allergens) mask |= allergenBit(allergen);
  return mask;
}

export function allergensIn(mask: number): Allergen[] {
  return ALLERGENS.filter((_, index) => (mask & (1 << index)) !== 0);
}

export const isAllergen = (value: string): value is Allergen => (ALLERGENS as readonly string[]).includes(value);
