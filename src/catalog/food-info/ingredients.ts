import { ALLERGEN_LABELS, type Allergen } from "./allergens";

/*
 * Allergens emphasised where they appear in the ingredients (Regulation (EU) 1169/2011, Art. 21):
 * words that name an allergen are found by this word list, so the text is stored as written and
 * the emphasis can never drift from it. Phrases come before single words, so "peanut butter" is
 * peanuts (not milk) and "coconut milk" or "cocoa butter" is no allergen at all.
 */
const PHRASES: [string, Allergen | null][] = [
  ["peanut butter", "peanuts"],
  ["cocoa butter", null],
  ["shea butter", null],
  ["coconut milk", null],
  ["coconut cream", null],
  ["nut oil", "nuts"],
  ["oat drink", "gluten"],
  ["sulphur dioxide", "sulphites"],
  ["sodium metabisulphite", "sulphites"],
];

const WORDS: Record<Allergen, string[]> = {
  gluten: ["wheat", "rye", "barley", "oat", "oats", "spelt", "kamut", "gluten", "semolina", "durum", "couscous", "malt", "bulgur", "flour"],
  crustaceans: ["crustaceans", "prawn", "prawns", "shrimp", "shrimps", "crab", "lobster", "langoustine", "langoustines", "crayfish"],
  eggs: ["egg", "eggs", "albumen"],
  fish: ["fish", "salmon", "cod", "tuna", "anchovy", "anchovies", "haddock", "trout", "herring", "mackerel", "pollock", "plaice"],
  peanuts: ["peanut", "peanuts", "groundnut", "groundnuts"],
  soy: ["soy", "soya", "soybean", "soybeans", "tofu", "edamame"],
  milk: ["milk", "butter", "cream", "cheese", "yoghurt", "yogurt", "whey", "lactose", "buttermilk", "casein", "mozzarella", "parmesan", "cheddar", "gouda", "emmental", "mascarpone", "ricotta", "feta", "quark", "ghee", "skyr"],
  nuts: ["nuts", "almond", "almonds", "hazelnut", "hazelnuts", "walnut", "walnuts", "cashew", "cashews", "pecan", "pecans", "pistachio", "pistachios", "macadamia", "praliné"],
  celery: ["celery", "celeriac"],
  mustard: ["mustard"],
  sesame: ["sesame", "tahini"],
  sulphites: ["sulphite", "sulphites", "sulfite", "sulfites"],
  lupin: ["lupin", "lupine"],
  molluscs: ["molluscs", "mussel", "mussels", "clam", "clams", "oyster", "oysters", "squid", "octopus", "scallop", "scallops", "snail", "snails"],
};

const WORD_ALLERGEN = new Map<string, Allergen>();
for (const [allergen, words] of Object.entries(WORDS) as [Allergen, string[]][]) for (const word of words) WORD_ALLERGEN.set(word, allergen);

/** "flour" alone is not an allergen ("rice flour", "maize flour"): it counts only after a gluten cereal. */
const NEEDS_CEREAL = new Set(["flour", "malt"]);
const GLUTEN_CEREALS = new Set(["wheat", "rye", "barley", "oat", "oats", "spelt", "kamut"]);

export type IngredientPart = { text: string; allergen: Allergen | null };

const tokenPattern = /[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*|[^\p{L}\p{N}]+/gu;

/** The ingredient text cut into parts, the allergen words marked, for emphasis on the page. */
export function ingredientParts(text: string): IngredientPart[] {
  const tokens = text.match(tokenPattern) ?? [];
  const parts: IngredientPart[] = [];
  let previousWord = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const lower = token.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(token)) {
      parts.push({ text: token, allergen: null });
      continue;
    }
    const next = tokens[i + 2]?.toLowerCase();
    const phrase = next && /^ +$/.test(tokens[i + 1] ?? "") ? PHRASES.find(([words]) => words === `${lower} ${next}`) : undefined;
    if (phrase) {
      parts.push({ text: `${token}${tokens[i + 1]}${tokens[i + 2]}`, allergen: phrase[1] });
      previousWord = next!;
      i += 2;
      continue;
    }
    let allergen = WORD_ALLERGEN.get(lower) ?? null;
    if (allergen && NEEDS_CEREAL.has(lower) && !GLUTEN_CEREALS.has(previousWord)) allergen = null;
    parts.push({ text: token, allergen });
    previousWord = lower;
  }
  return merged(parts);
}

/** Neighbouring parts with the same allergen become one ("wheat flour"). */
function merged(parts: IngredientPart[]): IngredientPart[] {
  const out: IngredientPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && last.allergen === null && part.allergen === null) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** The allergens the ingredient text names. */
export function allergensNamedIn(text: string): Set<Allergen> {
  return new Set(ingredientParts(text).flatMap((part) => (part.allergen ? [part.allergen] : [])));
}

/**
 * The ingredients name an allergen that the "contains" flags leave out: the one mistake that can
 * hurt someone, so the forms and the import refuse it. Null when they agree.
 */
export function ingredientsProblem(text: string | null, contains: readonly Allergen[]): string | null {
  if (!text) return null;
  const missing = [...allergensNamedIn(text)].filter((allergen) => !contains.includes(allergen));
  if (missing.length === 0) return null;
  const names = missing.map((allergen) => ALLERGEN_LABELS[allergen]).join(", ");
  return `The ingredients name ${names}: tick ${missing.length === 1 ? "it" : "them"} under "Contains", or correct the ingredients.`;
}
