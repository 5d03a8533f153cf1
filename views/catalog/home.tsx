import type { Category } from "../../src/db/schema";
import type { ShelfProduct } from "../../src/catalog/queries";
import { ProductGrid, type Money } from "./product-card";

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
        <h2 id="fresh">On the shelves</h2>
        <ProductGrid products={props.products} money={props.money} />
      </section>
    </>
  );
}

export function CategoryPage(props: { category: Category; products: ShelfProduct[]; money: Money }) {
  return (
    <section>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> / <span>{props.category.name}</span>
      </nav>
      <h1>{props.category.name}</h1>
      {props.category.description ? <p class="muted">{props.category.description}</p> : null}
      <ProductGrid products={props.products} money={props.money} />
    </section>
  );
}
