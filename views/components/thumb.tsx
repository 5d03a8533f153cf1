import { pictureSources } from "../../src/media/renditions";

/**
 * A product's small picture in lists (cart, checkout, orders, wishlist, back office). Decorative:
 * the product's name is always beside it. Without an image, a tile with its initial.
 */
export function Thumb({ imageKey, name }: { imageKey: string | null | undefined; name: string }) {
  if (!imageKey) {
    return (
      <span class="thumb thumb-letter" aria-hidden="true">
        {name.slice(0, 1)}
      </span>
    );
  }
  return <img class="thumb" {...pictureSources(imageKey, "2.75rem")} alt="" width="44" height="44" loading="lazy" decoding="async" />;
}
