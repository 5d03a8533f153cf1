import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { formatMoney } from "../money";
import { CategoryPage, HomePage } from "../../views/catalog/home";
import { ProductGrid } from "../../views/catalog/product-card";
import { ErrorPage } from "../../views/errors";
import { activeCategories, findActiveCategory, searchShelf, shelfProducts } from "./queries";

export const catalogRoutes = new Hono<AppEnv>();

const moneyFor = (c: Context<AppEnv>) => {
  const { CURRENCY, LOCALE } = c.var.deps.config;
  return (cents: number) => formatMoney(cents, CURRENCY, LOCALE);
};

catalogRoutes.get("/", async (c) => {
  const { db } = c.var.deps.database;
  const [categories, products] = await Promise.all([activeCategories(db), shelfProducts(db, { limit: 24 })]);
  const page = <HomePage storeName={c.var.deps.config.STORE_NAME} categories={categories} products={products} money={moneyFor(c)} />;
  return renderPage(c, "Fresh groceries", page);
});

catalogRoutes.get("/categories/:slug", async (c) => {
  const { db } = c.var.deps.database;
  const category = await findActiveCategory(db, c.req.param("slug"));
  if (!category) {
    return renderPage(c, "Not found", <ErrorPage heading="Aisle not found" message="We couldn't find that category." />, { status: 404 });
  }
  const products = await shelfProducts(db, { categoryId: category.id, limit: 200 });
  return renderPage(c, category.name, <CategoryPage category={category} products={products} money={moneyFor(c)} />);
});

const searchQuery = z.object({ q: z.string().trim().max(100, "Search for at most 100 characters.").default("") });

catalogRoutes.get("/search", async (c) => {
  const parsed = searchQuery.safeParse(c.req.query());
  if (!parsed.success) {
    return renderPage(c, "Search", <ErrorPage heading="Search" message={parsed.error.issues[0]!.message} />, { status: 400 });
  }
  const { q } = parsed.data;
  const products = q ? await searchShelf(c.var.deps.database.db, q, 60) : [];
  const body = (
    <section>
      <h1>{q ? `Results for “${q}”` : "Search"}</h1>
      <p class="muted">{q ? `${products.length} product${products.length === 1 ? "" : "s"} found` : "Type what you are looking for."}</p>
      <ProductGrid products={products} money={moneyFor(c)} />
    </section>
  );
  return renderPage(c, q ? `Search: ${q}` : "Search", body, { query: q });
});
