import { mediaUrl } from "../media/storage";

/** A product's page: the one place its address is written (pages, emails, the slug redirect). */
export const productUrl = (product: { slug: string }) => `/products/${encodeURIComponent(product.slug)}`;

/** A product image as the store serves it (pages and the API alike). */
export const productImageUrl = (image: { key: string }) => mediaUrl(image.key);
