import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { searchShelf } from "../src/catalog/search";
import { createTestStore, type TestStore } from "./support/store";

// What shoppers type, and what they mean, written from the demo catalog (src/db/demo-catalog.ts).
// `top`: the first results in this order; `first`: these, in any order, before anything else;
// `corrected`: the typo was read as these words ("did you mean"); `none`: nothing is found.
type Expectation = { top?: string[]; first?: string[]; corrected?: string; none?: true; without?: string[] };

const RELEVANCE: Record<string, Expectation> = {
  milk: { first: ["Organic Whole Milk 1 l", "Whole Milk (fresh, by the litre)", "Semi-Skimmed Milk (fresh, by the litre)"] },
  "whole milk": { first: ["Whole Milk (fresh, by the litre)", "Organic Whole Milk 1 l"] },
  cheese: { top: ["Goat's Cheese Log 150 g"], without: ["Chestnut Mushrooms"] },
  chese: { top: ["Goat's Cheese Log 150 g"], corrected: "cheese", without: ["Chestnut Mushrooms"] },
  banan: { top: ["Bananas (Fairtrade)"] },
  bananna: { top: ["Bananas (Fairtrade)"], corrected: "bananas" },
  "olive oil": { top: ["Extra Virgin Olive Oil 750 ml", "Kalamata Olives (deli counter)"] },
  apple: { first: ["Gala Apples", "Elstar Apples"] },
  apples: { first: ["Gala Apples", "Elstar Apples"] },
  eggs: { first: ["Duck Egg", "Organic Eggs (size L)", "Free-Range Eggs (size M)"] },
  butter: { first: ["Unsalted Butter 250 g", "Salted Butter with Sea Salt 250 g"] },
  bread: { first: ["Wholegrain Rye Bread 500 g", "Spelt Wholegrain Bread 500 g"] },
  sourdough: { top: ["Rye & Wheat Sourdough 750 g"] },
  coffee: { top: ["Ground Coffee (100% Arabica) 500 g"] },
  tea: { first: ["Earl Grey Tea (loose)", "Sencha Green Tea (loose)", "Organic Peppermint Tea (20 bags)"] },
  "green tea": { top: ["Sencha Green Tea (loose)"] },
  rice: { first: ["Basmati Rice 1 kg", "Arborio Risotto Rice 1 kg"] },
  spaghetti: { top: ["Spaghetti No. 5 500 g"] },
  tomatoes: { first: ["Vine Tomatoes", "Cherry Tomatoes 250 g", "Whole Peeled Tomatoes 400 g"] },
  potatoes: { first: ["Sweet Potatoes", "Floury Potatoes (Bintje)", "Waxy Potatoes (Annabelle)"] },
  potatos: { first: ["Sweet Potatoes", "Floury Potatoes (Bintje)", "Waxy Potatoes (Annabelle)"], corrected: "potatoes" },
  onion: { first: ["Red Onions", "Yellow Onions"] },
  salmon: { first: ["Norwegian Salmon Fillet", "Frozen Salmon Portions (4 pack)"] },
  chicken: { first: ["Chicken Breast Fillets", "Whole Corn-Fed Chicken"] },
  beef: { first: ["Beef Ribeye Steak", "Beef Mince (15% fat)"] },
  ham: { first: ["Cooked Ham off the Bone", "Serrano Ham Slices 100 g"] },
  chocolate: { top: ["Dark Chocolate 70% 100 g"] },
  "dark chocolate": { top: ["Dark Chocolate 70% 100 g"] },
  crisps: { top: ["Sea Salt Kettle Crisps 150 g"] },
  "orange juice": { top: ["Fresh Orange Juice (by the litre)"] },
  "sparkling water": { top: ["Sparkling Mineral Water 6 x 1 l"] },
  water: { first: ["Still Mineral Water 1.5 l", "Sparkling Mineral Water 6 x 1 l"] },
  wine: { top: ["Rioja Crianza 750 ml"] },
  yoghurt: { first: ["Organic Natural Yoghurt 500 g", "Greek-Style Yoghurt 10% 500 g"] },
  yogurt: { first: ["Organic Natural Yoghurt 500 g", "Greek-Style Yoghurt 10% 500 g"], corrected: "yoghurt" },
  cream: { top: ["Whipping Cream 200 ml", "Vanilla Ice Cream 1 l"] },
  "ice cream": { top: ["Vanilla Ice Cream 1 l"] },
  "frozen peas": { top: ["Frozen Garden Peas 1 kg"] },
  pizza: { top: ["Stone-Baked Pizza Margherita"] },
  honey: { first: ["Raw Wildflower Honey 500 g", "Honey Nut Granola 500 g"] },
  jam: { top: ["Strawberry Extra Jam 340 g"] },
  oats: { first: ["Organic Jumbo Oats (bulk)", "Wholegrain Rolled Oats 500 g"] },
  flour: { top: ["Wheat Flour Type 405 1 kg"] },
  salt: { top: ["Fine Sea Salt 500 g"] },
  "toilet paper": { top: ["Toilet Paper 3-Ply (8 rolls)"] },
  mozarella: { top: ["Buffalo Mozzarella 125 g"], corrected: "mozzarella" },
  croissant: { first: ["Butter Croissant", "Bake-at-Home Croissants (6)"] },
  strawberries: { top: ["Strawberries 500 g"] },
  lemon: { top: ["Lemons (unwaxed)"] },
  "peanut butter": { top: ["Crunchy Peanut Butter 350 g"] },
  "maple syrup": { top: ["Pure Maple Syrup 250 ml"] },
  pancakes: { top: ["Pancake Mix 400 g"] },
  garlic: { top: ["Garlic (bulb)"] },
  "creme fraiche": { top: ["Crème fraîche 200 g"] },
  beer: { none: true }, // no product says beer; the page suggests the Drinks aisle instead of "beef"
  xyzzy: { none: true },
};

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

describe("search relevance on the demo catalog", () => {
  test("the set has at least 40 queries", () => {
    expect(Object.keys(RELEVANCE).length).toBeGreaterThanOrEqual(40);
  });

  for (const [query, expected] of Object.entries(RELEVANCE)) {
    test(`“${query}”`, async () => {
      const result = await searchShelf(store.db, { text: query, sort: "relevance", limit: 24 });
      const names = result.products.map((product) => product.name);
      if (expected.none) {
        expect(names).toEqual([]);
        return;
      }
      if (expected.top) expect(names.slice(0, expected.top.length)).toEqual(expected.top);
      if (expected.first) expect(names.slice(0, expected.first.length).sort()).toEqual([...expected.first].sort());
      expect(result.correctedText).toBe(expected.corrected);
      for (const unwanted of expected.without ?? []) expect(names).not.toContain(unwanted);
    });
  }
});
