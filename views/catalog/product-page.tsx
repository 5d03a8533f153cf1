/** @jsxImportSource #html-jsx */
import { raw } from "hono/html";
import type { ProductImage } from "../../src/db/schema";
import type { ShelfProduct } from "../../src/catalog/queries";
import { pictureSources } from "../../src/media/renditions";
import { unitPriceLabel } from "../../src/catalog/units";
import { foodFactsOf, recipeChanged } from "../../src/catalog/food-info/facts";
import { netQuantityLabel } from "../../src/values/unit-price";
import { DietBadges, FoodPanel } from "./food-info/food-panel";
import { RecipeChanged, UnitPriceNote } from "./food-info/unit-price";
import { AddToCartForm } from "./add-to-cart";
import { CARD_PHOTO_SIZES, LARGE_PHOTO_SIZES, ProductArt, ProductGrid, productUrl, shortDate, StockBadge, type Money } from "./product-card";
import { SaveForLater } from "./save-for-later";

/**
 * The main photo and a thumbnail for every photo. A thumbnail shows its photo on this page
 * (`?image=2`, a plain link that works without JavaScript) instead of opening the bare file.
 */
function Gallery({ product, images, shown }: { product: ShelfProduct; images: ProductImage[]; shown: number }) {
  if (images.length === 0) return <ProductArt product={product} large />;
  const index = shown >= 1 && shown <= images.length ? shown - 1 : 0;
  const main = images[index]!;
  const photoHref = (position: number) => (position === 0 ? productUrl(product) : `${productUrl(product)}?image=${position + 1}`);
  return (
    <div class="gallery">
      <img class="product-photo product-photo-large" {...pictureSources(main.key, LARGE_PHOTO_SIZES)} alt={main.alt || product.name} width="480" height="360" />
      {images.length > 1 ? (
        <ul class="gallery-thumbs" aria-label="Photos">
          {images.map((image, position) => (
            <li>
              <a href={photoHref(position)} aria-current={position === index ? "true" : undefined} aria-label={`${image.alt || product.name} (photo ${position + 1} of ${images.length})`}>
                <img class="product-photo" {...pictureSources(image.key, CARD_PHOTO_SIZES)} alt="" loading="lazy" decoding="async" width="120" height="90" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What the pack holds: "500 g", or how a loose product is sold. */
function netQuantityOf(product: ShelfProduct): string | null {
  if (product.netQuantity !== null && product.netUnit !== null) return netQuantityLabel(product.netQuantity, product.netUnit);
  if (product.unit === "each") return null;
  return product.unit === "dozen" ? "12 pieces" : `Sold loose by the ${product.unit}`;
}

/** "More from <aisle>": rendered once per aisle and variant (src/catalog/related.tsx). */
export function RelatedSection({ aisle, products, money }: { aisle: string; products: ShelfProduct[]; money: Money }) {
  if (products.length === 0) return null;
  return (
    <section aria-labelledby="related">
      <h2 id="related">More from {aisle}</h2>
      <ProductGrid products={products} money={money} />
    </section>
  );
}

/** `related` is the rendered RelatedSection. */
export function ProductPage(props: { product: ShelfProduct; images: ProductImage[]; related: string; money: Money; shownImage?: number; now: Date }) {
  const { product } = props;
  const facts = foodFactsOf(product);
  const categoryUrl = `/categories/${product.categorySlug}`;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Home</a> / <a href={categoryUrl}>{product.categoryName}</a> / <span>{product.name}</span>
      </nav>
      <article class="product-detail">
        <Gallery product={product} images={props.images} shown={props.shownImage ?? 1} />
        <div class="product-facts">
          <h1>{product.name}</h1>
          {recipeChanged(product.allergensChangedAt, props.now) ? (
            <p class="recipe-note">
              <RecipeChanged /> The allergens of this product changed recently: read them again below.
            </p>
          ) : null}
          <p class="product-price">
            {unitPriceLabel(props.money(product.priceCents), product.unit)} <UnitPriceNote product={product} money={props.money} />
          </p>
          <DietBadges diet={facts.diet} />
          <p class="product-meta">
            <StockBadge product={product} />
            {product.bestBefore ? <span class="best-before">Best before {shortDate(product.bestBefore)}</span> : null}
          </p>
          <AddToCartForm product={product} withStepper />
          <SaveForLater product={product} />
          {product.description ? <p class="product-description">{product.description}</p> : null}
          <FoodPanel facts={facts} netQuantity={netQuantityOf(product)} />
          <p>
            More in <a href={categoryUrl}>{product.categoryName}</a>
          </p>
        </div>
      </article>
      {raw(props.related)}
    </>
  );
}
