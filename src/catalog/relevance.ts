/*
 * How search ranks what people mean (ADR 020): a word matching a whole word of the name beats one
 * matching the start of a name word, which beats a match in the aisle or the description; the
 * words of the product's aisle (its name and description) add a boost; a typo is corrected against
 * the catalog's own words ("did you mean").
 */

export const NAME_WHOLE = 100;
export const NAME_PREFIX = 60;
export const AISLE_NAME = 15;
export const AISLE_WORDS = 15;
export const DESCRIPTION = 5;
/** Every word in the name; and the last word typed (usually the thing itself: "olive *oil*") weighs a fifth more. */
export const ALL_WORDS = 20;
export const LAST_WORD = 1.2;

/** Lower case without accents, as the index tokenizer (unicode61, remove_diacritics 2) sees text. */
export const folded = (text: string) => (/[^\x00-\x7f]/.test(text) ? text.normalize("NFKD").replace(/\p{M}/gu, "") : text).toLowerCase();

export const wordsIn = (text: string) => folded(text).match(/[\p{L}\p{N}]+/gu) ?? [];

export type Candidate = { id: number; name: string; category: string; hasEveryWord: boolean };
export type Scored = { id: number; score: number; nameOrAisle: boolean; nameWords: number; length: number };

/** One product's score, for tests and explanations. */
export const relevanceOf = (words: string[], product: { name: string; category: string }, aisleWords = new Map<string, Set<string>>()) =>
  scoreCandidates(words, [{ id: 0, ...product, hasEveryWord: true }], aisleWords)[0]!.score;

/** The same word, or one of them the other with an "s" on the end. */
const sameWord = (a: string, b: string) =>
  a === b || (a.length === b.length + 1 ? a.endsWith("s") && a.startsWith(b) : b.length === a.length + 1 && b.endsWith("s") && b.startsWith(a));

/** Whole word: 2, start of a word: 1, neither: 0. */
function wordMatch(word: string, inWords: Iterable<string>): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  for (const candidate of inWords) {
    if (sameWord(candidate, word)) return 2;
    if (candidate.startsWith(word)) best = 1;
  }
  return best;
}

/** How each typed word matches an aisle's name and its words: the same for every candidate in the aisle, worked out once. */
type AisleMatches = { inName: (0 | 1 | 2)[]; inWords: boolean[] };

/**
 * Scores candidates for the shopper's words. `aisleWords` maps an aisle's name to the words of its
 * name and description. Candidates that matched some words only in their name (an "any word"
 * candidate) score only what their name gives.
 */
export function scoreCandidates(words: string[], candidates: Candidate[], aisleWords: Map<string, Set<string>>): Scored[] {
  const typed = words.map(folded);
  const aisles = new Map<string, AisleMatches>();
  const aisleMatches = (category: string) => {
    let known = aisles.get(category);
    if (!known) {
      const aisle = wordsIn(category);
      const text = aisleWords.get(category) ?? [];
      aisles.set(category, (known = { inName: typed.map((word) => wordMatch(word, aisle)), inWords: typed.map((word) => wordMatch(word, text) > 0) }));
    }
    return known;
  };
  return candidates.map((candidate) => {
    const name = wordsIn(candidate.name);
    const aisle = aisleMatches(candidate.category);
    let score = 0;
    let nameOrAisle = false;
    let inNameCount = 0;
    typed.forEach((word, index) => {
      const inName = wordMatch(word, name);
      const inAisle = aisle.inName[index]!;
      const weight = typed.length > 1 && index === typed.length - 1 ? LAST_WORD : 1;
      if (inName) inNameCount += 1;
      if (inName) score += (inName === 2 ? NAME_WHOLE : NAME_PREFIX) * weight;
      else if (inAisle) score += AISLE_NAME;
      else if (candidate.hasEveryWord) score += DESCRIPTION;
      if (inName || inAisle) nameOrAisle = true;
      if (aisle.inWords[index]) score += AISLE_WORDS;
    });
    if (inNameCount === typed.length && typed.length > 1) score += ALL_WORDS;
    return { id: candidate.id, score, nameOrAisle, nameWords: name.length, length: candidate.name.length };
  });
}

/** Best first: by score, then the name with fewest other words, the shortest name, the newest. */
export function rank(scored: Scored[]): Scored[] {
  return scored.sort((a, b) => b.score - a.score || a.nameWords - b.nameWords || a.length - b.length || b.id - a.id);
}

/** Optimal string alignment distance (a swap of two neighbours is one edit), stopping past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The catalog's words with how often they occur (names and aisles). */
export type Vocabulary = Map<string, number>;

/**
 * The typed words with each unknown one replaced by the closest catalog word (one edit for short
 * words, two from seven letters), or null when nothing needed or could be corrected.
 */
export function correctWords(words: string[], vocabulary: Vocabulary): string[] | null {
  let changed = false;
  const known = [...vocabulary.keys()];
  const corrected = words.map((typed) => {
    const word = folded(typed);
    if (word.length < 3 || known.some((entry) => entry.startsWith(word))) return word;
    const max = word.length >= 7 ? 2 : 1;
    let best: { entry: string; distance: number; count: number } | null = null;
    for (const entry of known) {
      const distance = editDistance(word, entry, max);
      if (distance > max) continue;
      const count = vocabulary.get(entry)!;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { entry, distance, count };
    }
    if (!best) return word;
    changed = true;
    return best.entry;
  });
  return changed ? corrected : null;
}
