import { z } from "zod";
import { foodFilterFields } from "./food-info/filters";
import { SEARCH_SORTS, SHELF_SORTS } from "./sorting";

export const PAGE_SIZE = 24;
const MAX_PAGE = 1000;

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

const page = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ message: "Page must be a whole number such as 2." })
    .int("Page must be a whole number such as 2.")
    .min(1, "Page numbers start at 1.")
    .max(MAX_PAGE, `Page numbers go up to ${MAX_PAGE}.`)
    .default(1),
);

const sortOf = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(blankToUndefined, z.enum(values, { message: `Sort by one of: ${values.join(", ")}.` }).default(fallback));

export const shelfQuery = z.object({ page, sort: sortOf(SHELF_SORTS, "popular"), ...foodFilterFields });

export const searchQuery = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").default(""),
  category: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[a-z0-9-]{1,80}$/, "That aisle does not exist.").optional(),
  ),
  sort: sortOf(SEARCH_SORTS, "relevance"),
  page,
  ...foodFilterFields,
});

/** A product page; `image` picks the gallery's photo (1 is the main one). */
export const productQuery = z.object({
  image: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: "Photo numbers are whole numbers such as 2." }).int("Photo numbers are whole numbers such as 2.").min(1, "Photo numbers start at 1.").max(50, "Photo numbers go up to 50.").default(1),
  ),
});

export type ShelfQuery = z.infer<typeof shelfQuery>;
export type SearchQuery = z.infer<typeof searchQuery>;
