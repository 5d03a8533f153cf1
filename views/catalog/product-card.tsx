import type { ShelfProduct } from "../../src/catalog/queries";
import { quantityLabel, unitPriceLabel } from "../../src/catalog/units";

export type Money = (cents: number) => string;

/** "2026-11-23" -> "23 Nov". */
const shortDate = (isoDate: string) =>
  new Date(`${isoDate}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function StockBadge({ product }: { product: ShelfProduct }) {
  if (product.stock <= 0) return <span class="badge badge-out">Out of stock</span>;
  if (product.stock <= product.lowStockThreshold) {
    return <span class="badge badge-low">Only {quantityLabel(product.stock, product.unit)} left</span>;
  }
  return <span class="badge badge-in">In stock</span>;
}

export function ProductCard({ product, money }: { product: ShelfProduct; money: Money }) {
  return (
    <article class="product-card">
      <div class="product-art" aria-hidden="true">{product.name.slice(0, 1)}</div>
      <h3 class="product-name">{product.name}</h3>
      <p class="product-category muted">{product.categoryName}</p>
      <p class="product-price">{unitPriceLabel(money(product.priceCents), product.unit)}</p>
      <p class="product-meta">
        <StockBadge product={product} />
        {product.bestBefore ? <span class="best-before">Best before {shortDate(product.bestBefore)}</span> : null}
      </p>
    </article>
  );
}

export function ProductGrid({ products, money }: { products: ShelfProduct[]; money: Money }) {
  if (products.length === 0) return <p class="empty">No products here yet.</p>;
  return (
    <div class="product-grid">
      {products.map((product) => (
        <ProductCard product={product} money={money} />
      ))}
    </div>
  );
}
