import type { Category } from "../../src/db/schema";
import type { ShelfProduct } from "../../src/catalog/queries";
import { SHELF_SORTS, type ShelfSort } from "../../src/catalog/sorting";
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
  money: Money;
}) {
  const base = `/categories/${props.category.slug}`;
  const href = (page: number, sort: ShelfSort) => {
    const params = new URLSearchParams();
    if (sort !== "popular") params.set("sort", sort);
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
      <div class="shelf-bar">
        <SortLinks current={props.sort} options={SHELF_SORTS} href={(sort) => href(1, sort)} />
        <RangeNote page={props.page} pageSize={props.pageSize} shown={props.products.length} total={props.total} />
      </div>
      <ProductGrid products={props.products} money={props.money} />
      <Pagination page={props.page} total={props.total} pageSize={props.pageSize} href={(page) => href(page, props.sort)} />
    </section>
  );
}
