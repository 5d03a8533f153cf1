import type { Category } from "../../src/db/schema";
import type { ShelfProduct } from "../../src/catalog/queries";
import { SHELF_SORTS, type ShelfSort } from "../../src/catalog/sorting";
import { foodFilterParams, hasFoodFilter, NO_FOOD_FILTER, type FoodFilter } from "../../src/catalog/food-info/filters";
import { ActiveFoodFilter, AisleFilterForm } from "./food-info/filter-form";
import { ProductGrid, type Money } from "./product-card";
import { Pagination, RangeNote, SortLinks } from "./shelf-controls";

export function HomePage(props: {
  storeName: string;
  categories: (Category & { productCount: number })[];
  products: ShelfProduct[];
  money: Money;
}) {
  return (
    <>
      <section class="hero">
        <h1>Fresh groceries from {props.storeName}</h1>
        <p>Fruit and veg by weight, milk by the litre, eggs by the dozen. Priced fairly, packed today.</p>
      </section>
      <section aria-labelledby="aisles">
        <h2 id="aisles">Shop by aisle</h2>
        <ul class="category-tiles">
          {props.categories.map((category) => (
            <li>
              <a href={`/categories/${category.slug}`}>
                <strong>{category.name}</strong>
                <span class="muted">{category.productCount} products</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="fresh">
        <h2 id="fresh">Popular right now</h2>
        <ProductGrid products={props.products} money={props.money} />
      </section>
    </>
  );
}

export function CategoryPage(props: {
  category: Category;
  products: ShelfProduct[];
  total: number;
  page: number;
  pageSize: number;
  sort: ShelfSort;
  food: FoodFilter;
  money: Money;
}) {
  const base = `/categories/${props.category.slug}`;
  const href = (page: number, sort: ShelfSort, food: FoodFilter = props.food) => {
    const params = new URLSearchParams();
    if (sort !== "popular") params.set("sort", sort);
    foodFilterParams(food, params);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `${base}?${query}` : base;
  };
  return (
    <section>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> / <span>{props.category.name}</span>
      </nav>
      <h1>{props.category.name}</h1>
      {props.category.description ? <p class="muted">{props.category.description}</p> : null}
      <AisleFilterForm action={base} sort={props.sort === "popular" ? null : props.sort} filter={props.food} />
      <ActiveFoodFilter filter={props.food} clearHref={href(1, props.sort, NO_FOOD_FILTER)} />
      <div class="shelf-bar">
        <SortLinks current={props.sort} options={SHELF_SORTS} href={(sort) => href(1, sort)} />
        <RangeNote page={props.page} pageSize={props.pageSize} shown={props.products.length} total={props.total} firstPage={href(1, props.sort)} />
      </div>
      <h2 class="visually-hidden">Products in {props.category.name}</h2>
      <ProductGrid products={props.products} money={props.money} empty={props.total > 0 ? null : hasFoodFilter(props.food) ? "No products in this aisle match these filters." : undefined} />
      <Pagination page={props.page} total={props.total} pageSize={props.pageSize} href={(page) => href(page, props.sort)} />
    </section>
  );
}
