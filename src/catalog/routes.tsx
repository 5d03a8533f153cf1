import { Hono, type Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { CategoryPage, HomePage } from "../../views/catalog/home";
import { ProductPage } from "../../views/catalog/product-page";
import { SearchPage, SearchResults } from "../../views/catalog/search-page";
import { ErrorPage } from "../../views/errors";
import { queryWithLists, toFoodFilter } from "./food-info/filters";
import { PAGE_SIZE, productQuery, searchQuery, shelfQuery } from "./params";
import { activeCategories, aisleLinks, findActiveCategory, findShelfProduct, shelfPage } from "./queries";
import { relatedSectionHtml } from "./related";
import { searchShelf, searchSuggestions } from "./search";
import { serveCatalog, type CatalogView } from "./serve";

export const catalogRoutes = new Hono<AppEnv>();

const RELATED_COUNT = 4;

const moneyFor = moneyFormatter;

const notFound = (heading: string, message: string): CatalogView => ({
  title: "Not found",
  status: 404,
  body: <ErrorPage heading={heading} message={message} />,
});

const badRequest = (title: string, error: z.ZodError): CatalogView => ({
  title,
  status: 400,
  body: <ErrorPage heading="We couldn't read that address" message={error.issues[0]!.message} />,
});

catalogRoutes.get("/", (c) =>
  serveCatalog(c, async () => {
    const { db } = c.get("deps").database;
    const [categories, popular] = await Promise.all([activeCategories(db), shelfPage(db, { sort: "popular", limit: PAGE_SIZE, countAll: false })]);
    const body = <HomePage storeName={c.get("deps").config.STORE_NAME} categories={categories} products={popular.products} money={moneyFor(c)} />;
    return { title: "Fresh groceries", body };
  }),
);

catalogRoutes.get("/categories/:slug", (c) =>
  serveCatalog(c, async () => {
    const { db } = c.get("deps").database;
    const parsed = shelfQuery.safeParse(queryWithLists(c.req.query(), c.req.queries()));
    if (!parsed.success) return badRequest("Aisle", parsed.error);
    const category = await findActiveCategory(db, c.req.param("slug"));
    if (!category) return notFound("Aisle not found", "We couldn't find that category.");
    const { page, sort } = parsed.data;
    const food = toFoodFilter(parsed.data);
    const shelf = await shelfPage(db, { categoryId: category.id, sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, food });
    const body = <CategoryPage category={category} {...shelf} page={page} pageSize={PAGE_SIZE} sort={sort} food={food} money={moneyFor(c)} />;
    return { title: page > 1 ? `${category.name} (page ${page})` : category.name, body };
  }),
);

catalogRoutes.get("/products/:slug", (c) =>
  serveCatalog(c, async () => {
    const { db } = c.get("deps").database;
    const parsed = productQuery.safeParse(c.req.query());
    if (!parsed.success) return badRequest("Product", parsed.error);
    const found = await findShelfProduct(db, c.req.param("slug"));
    if (!found) return notFound("Product not found", "This product is not on our shelves (any more).");
    const { CURRENCY, LOCALE } = c.get("deps").config;
    const related = await relatedSectionHtml(db, found.product, RELATED_COUNT, { key: `${CURRENCY} ${LOCALE}`, format: moneyFor(c) });
    return { title: found.product.name, body: <ProductPage {...found} related={related} money={moneyFor(c)} shownImage={parsed.data.image} now={c.get("deps").clock.now()} /> };
  }),
);

catalogRoutes.get("/search", (c) =>
  serveCatalog(c, async (variant) => {
    const { db } = c.get("deps").database;
    const parsed = searchQuery.safeParse(queryWithLists(c.req.query(), c.req.queries()));
    if (!parsed.success) return { ...badRequest("Search", parsed.error), query: c.req.query("q")?.slice(0, 100) ?? "" };
    const { q, sort, page } = parsed.data;
    const food = toFoodFilter(parsed.data);
    const category = parsed.data.category ? await findActiveCategory(db, parsed.data.category) : null;
    if (parsed.data.category && !category) {
      return { ...notFound("Aisle not found", "We couldn't find that aisle to search in."), query: q };
    }
    const [found, aisles] = await Promise.all([
      q ? searchShelf(db, { text: q, categoryId: category?.id, sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, food }) : null,
      aisleLinks(db),
    ]);
    const view = {
      q,
      category: category?.slug ?? null,
      sort,
      page,
      food,
      pageSize: PAGE_SIZE,
      products: found?.products ?? [],
      total: found?.total ?? 0,
      totalIsAtLeast: found?.totalIsAtLeast ?? false,
      reachable: found?.reachable ?? 0,
      closeMatches: found?.closeMatches ?? false,
      correctedText: found?.correctedText,
      suggestions: q && found && found.total === 0 ? await searchSuggestions(db, q) : undefined,
      aisles,
      money: moneyFor(c),
    };
    // Typing on the search page swaps only the results; from any other page, the whole page body.
    const body = variant === "div#search-results" ? <SearchResults {...view} /> : <SearchPage {...view} />;
    return { title: q ? `Search: ${q}` : "Search", body, query: q };
  }),
);
