/** @jsxImportSource #html-jsx */
import type { ShelfProduct } from "../../src/catalog/queries";
import { pictureSources } from "../../src/media/renditions";
import { productUrl } from "../../src/catalog/urls";
import { shelfStock } from "../../src/catalog/shelf-stock";
import { amountLabel, unitPriceLabel } from "../../src/catalog/units";
import { AddToCartForm } from "./add-to-cart";
import { UnitPriceNote } from "./food-info/unit-price";
import { BackInStockAlert, SaveForLater } from "./save-for-later";

export type Money = (cents: number) => string;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-23" -> "23 Nov" (by hand: toLocaleDateString was a tenth of an uncached page). */
export const shortDate = (isoDate: string) => {
  const [, month, day] = isoDate.split("-").map(Number);
  return month && day && month <= 12 ? `${day} ${MONTHS[month - 1]}` : isoDate;
};

export { productUrl };

export function StockBadge({ product }: { product: Pick<ShelfProduct, "stock" | "lowStockThreshold" | "unit"> }) {
  const shown = shelfStock(product);
  if (shown.band === "out") return <span class="badge badge-out">Out of stock</span>;
  if (shown.band === "low") return <span class="badge badge-low">Only {amountLabel(shown.left, product.unit)} left</span>;
  return <span class="badge badge-in">In stock</span>;
}

/** How wide a card's picture is shown (it is fitted into a 6rem-high box), and the product page's main one. */
export const CARD_PHOTO_SIZES = "6rem";
export const LARGE_PHOTO_SIZES = "(max-width: 759px) 13rem, 22rem";

/** The image, or a plain tile with the product's initial when there is none yet. */
export function ProductArt({ product, large = false }: { product: ShelfProduct; large?: boolean }) {
  if (product.imageKey) {
    return (
      <img
        class={large ? "product-photo product-photo-large" : "product-photo"}
        {...pictureSources(product.imageKey, large ? LARGE_PHOTO_SIZES : CARD_PHOTO_SIZES)}
        alt={product.imageAlt || product.name}
        loading="lazy"
        decoding="async"
        width={large ? "480" : "240"}
        height={large ? "360" : "180"}
      />
    );
  }
  return (
    <div class={large ? "product-art product-art-large" : "product-art"} aria-hidden="true">
      {product.name.slice(0, 1)}
    </div>
  );
}

export function ProductCard({ product, money }: { product: ShelfProduct; money: Money }) {
  return (
    <article class="product-card">
      <ProductArt product={product} />
      <h3 class="product-name">
        <a href={productUrl(product)}>{product.name}</a>
      </h3>
      <p class="product-category muted">{product.categoryName}</p>
      <p class="product-price">
        {unitPriceLabel(money(product.priceCents), product.unit)} <UnitPriceNote product={product} money={money} />
      </p>
      <p class="product-meta">
        <StockBadge product={product} />
        {product.bestBefore ? <span class="best-before">Best before {shortDate(product.bestBefore)}</span> : null}
      </p>
      {/* Above the button, so an out-of-stock card's button lines up with its neighbours'. */}
      {product.stock <= 0 ? (
        <div class="save-for-later card-alert">
          <BackInStockAlert product={product} />
        </div>
      ) : null}
      <AddToCartForm product={product} />
      <SaveForLater product={product} withAlert={false} />
    </article>
  );
}

/** `empty: null` shows nothing for no products (a page past the last one says so elsewhere). */
export function ProductGrid({ products, money, empty = "No products here yet." }: { products: ShelfProduct[]; money: Money; empty?: string | null }) {
  if (products.length === 0) return empty === null ? null : <p class="empty">{empty}</p>;
  return (
    <div class="product-grid">
      {products.map((product) => (
        <ProductCard product={product} money={money} />
      ))}
    </div>
  );
}
