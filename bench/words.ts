/** Vocabulary for the benchmark catalog: realistic names, so search terms hit realistic sets. */
export const AISLES = [
  "Fruit", "Vegetables", "Dairy", "Eggs", "Bakery", "Meat", "Fish", "Cheese", "Deli", "Pantry",
  "Frozen", "Drinks", "Coffee & Tea", "Snacks", "Sweets", "Household", "Herbs & Spices", "Breakfast", "Baby", "Pet Food",
] as const;

type Unit = "each" | "kg" | "g" | "l" | "ml" | "dozen";
const food = (name: string, aisle: number, unit: Unit, fresh = false) => ({ name, aisle, unit, fresh });

export const FOODS = [
  food("Bananas", 0, "kg", true), food("Apples", 0, "kg", true), food("Pears", 0, "kg", true), food("Oranges", 0, "kg", true),
  food("Strawberries", 0, "each", true), food("Blueberries", 0, "each", true), food("Mango", 0, "each", true), food("Lemons", 0, "each", true),
  food("Carrots", 1, "kg", true), food("Potatoes", 1, "kg", true), food("Tomatoes", 1, "kg", true), food("Broccoli", 1, "each", true),
  food("Spinach", 1, "each", true), food("Onions", 1, "kg", true), food("Courgettes", 1, "kg", true), food("Mushrooms", 1, "kg", true),
  food("Milk", 2, "l", true), food("Yoghurt", 2, "each", true), food("Butter", 2, "each", true), food("Cream", 2, "each", true),
  food("Free-range Eggs", 3, "dozen", true), food("Duck Eggs", 3, "each", true),
  food("Sourdough Bread", 4, "each", true), food("Croissants", 4, "each", true), food("Bagels", 4, "each", true), food("Rye Bread", 4, "each", true),
  food("Chicken Breast", 5, "kg", true), food("Beef Mince", 5, "kg", true), food("Pork Sausages", 5, "each", true), food("Lamb Chops", 5, "kg", true),
  food("Salmon Fillet", 6, "kg", true), food("Cod Loin", 6, "kg", true), food("Prawns", 6, "g", true),
  food("Cheddar", 7, "kg"), food("Brie", 7, "each", true), food("Parmesan", 7, "g"), food("Gouda", 7, "kg"),
  food("Olives", 8, "g"), food("Hummus", 8, "each", true), food("Salami", 8, "g"),
  food("Spaghetti", 9, "each"), food("Basmati Rice", 9, "kg"), food("Olive Oil", 9, "l"), food("Chickpeas", 9, "each"), food("Flour", 9, "kg"),
  food("Frozen Peas", 10, "each"), food("Ice Cream", 10, "each"), food("Fish Fingers", 10, "each"),
  food("Orange Juice", 11, "l"), food("Sparkling Water", 11, "l"), food("Lemonade", 11, "l"), food("Red Wine", 11, "ml"),
  food("Ground Coffee", 12, "g"), food("Green Tea", 12, "each"), food("Espresso Beans", 12, "kg"),
  food("Crisps", 13, "each"), food("Salted Peanuts", 13, "g"), food("Oatcakes", 13, "each"),
  food("Dark Chocolate", 14, "each"), food("Fudge", 14, "g"), food("Liquorice", 14, "g"),
  food("Washing-up Liquid", 15, "each"), food("Kitchen Roll", 15, "each"), food("Bin Bags", 15, "each"),
  food("Basil", 16, "each", true), food("Cumin", 16, "g"), food("Paprika", 16, "g"), food("Cinnamon", 16, "g"),
  food("Porridge Oats", 17, "kg"), food("Granola", 17, "each"), food("Honey", 17, "each"), food("Marmalade", 17, "each"),
  food("Baby Rice", 18, "each"), food("Nappies", 18, "each"),
  food("Dog Biscuits", 19, "kg"), food("Cat Food", 19, "each"),
] as const;

export const ADJECTIVES = [
  "Organic", "Fresh", "Local", "Fairtrade", "Classic", "Premium", "Farmhouse", "Wild", "Sweet", "Smoked",
  "Mild", "Mature", "Crunchy", "Ripe", "Golden", "Rustic", "Everyday", "Family", "Heritage", "Alpine",
] as const;

export const ORIGINS = ["Ireland", "Spain", "Italy", "France", "Colombia", "Kenya", "Norway", "Greece", "Wales", "Scotland"] as const;

export const SIZES = ["250 g", "500 g", "1 kg", "1 l", "6 pack", "large", "small", "value pack", "family size", "single"] as const;
