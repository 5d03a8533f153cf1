import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../../http/render";
import { ErrorPage } from "../../../views/errors";
import { ProductImages } from "../../../views/manage/catalog/product-form";
import { addImages, arrangeImage, deleteImage, imageAlt, productImagesOf, replaceImage, setImageAlt, type ImageOutcome } from "./images";

export const imageRoutes = new Hono<AppEnv>();

/** The page posts that carry image files: they keep uploadLimit below instead of the 1 MB form limit. */
export const isImageUpload = (path: string) => /^\/manage\/products\/\d+\/images(\/\d+\/replace)?$/.test(path);

/** Mounted at /manage/products/:id/images by the back office (src/manage/routes.tsx), behind its staff guard. */

const ids = (c: Context<AppEnv>) => ({ productId: Number(c.req.param("id")), imageId: Number(c.req.param("imageId") ?? 0) });

/** htmx gets the images panel back; a plain form goes back to the product page (or sees the refusal). */
async function answer(c: Context<AppEnv>, productId: number, outcome: ImageOutcome) {
  const page = `/manage/products/${productId}`;
  if (wantsFragment(c)) {
    const images = await productImagesOf(c.var.deps.database, productId);
    const panel = <ProductImages productId={productId} images={images} maxBytes={c.var.deps.config.MAX_IMAGE_BYTES} problem={outcome.ok ? undefined : outcome.message} notice={outcome.ok ? outcome.message : undefined} />;
    return c.html(panel, outcome.ok ? 200 : outcome.status);
  }
  if (!outcome.ok) {
    const body = <ErrorPage heading="The images were not changed" message={outcome.message} />;
    return renderPage(c, "Images not changed", <>{body}<p><a href={page}>Back to the product</a></p></>, { status: outcome.status });
  }
  return redirectAfterPost(c, page, { kind: "success", text: outcome.message });
}

/** Reads the upload's files; a body that is not a readable form counts as no files. */
export async function uploadedFiles(c: Context<AppEnv>, field: string): Promise<File[] | null> {
  try {
    const body = await c.req.parseBody({ all: true });
    const value = body[field];
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return list.filter((item): item is File => item instanceof File && item.size > 0);
  } catch {
    return null;
  }
}

/** The upload's description (alt text): undefined when left empty, a refusal when it breaks the rule. */
export async function uploadedAlt(c: Context<AppEnv>): Promise<{ ok: true; alt?: string } | { ok: false; message: string }> {
  const body = await c.req.parseBody({ all: true });
  const text = typeof body.alt === "string" ? body.alt.trim() : "";
  if (!text) return { ok: true };
  const parsed = imageAlt.safeParse(text);
  return parsed.success ? { ok: true, alt: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}

const unreadable: ImageOutcome = { ok: false, status: 422, message: "The upload could not be read. Please choose the images again." };

/** Refuses an upload bigger than 8 full-size images before reading it into memory. */
const uploadLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.var.deps.config.MAX_IMAGE_BYTES * 8 + 64 * 1024,
    onError: (c) => answer(c as Context<AppEnv>, ids(c as Context<AppEnv>).productId, { ok: false, status: 413, message: "That upload is too big: add at most 8 images of the size limit each." }),
  })(c, next);

imageRoutes.post("/", uploadLimit, async (c) => {
  const { productId } = ids(c);
  const files = await uploadedFiles(c, "images");
  if (!files) return answer(c, productId, unreadable);
  const alt = await uploadedAlt(c);
  if (!alt.ok) return answer(c, productId, { ok: false, status: 422, message: alt.message });
  const { deps } = c.var;
  return answer(c, productId, await addImages(deps.database, deps.storage, c.var.user!, productId, files, deps.config.MAX_IMAGE_BYTES, deps.clock.now(), alt.alt));
});

for (const move of ["main", "up", "down"] as const) {
  imageRoutes.post(`/:imageId{[0-9]+}/${move}`, async (c) => {
    const { productId, imageId } = ids(c);
    const { deps } = c.var;
    return answer(c, productId, await arrangeImage(deps.database, c.var.user!, productId, imageId, move, deps.clock.now()));
  });
}

imageRoutes.post(`/:imageId{[0-9]+}/replace`, uploadLimit, async (c) => {
  const { productId, imageId } = ids(c);
  const files = await uploadedFiles(c, "image");
  if (!files) return answer(c, productId, unreadable);
  const { deps } = c.var;
  return answer(c, productId, await replaceImage(deps.database, deps.storage, c.var.user!, productId, imageId, files[0], deps.config.MAX_IMAGE_BYTES, deps.clock.now()));
});

imageRoutes.post(`/:imageId{[0-9]+}/alt`, async (c) => {
  const { productId, imageId } = ids(c);
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const parsed = imageAlt.safeParse(typeof body.alt === "string" ? body.alt : "");
  if (!parsed.success) return answer(c, productId, { ok: false, status: 422, message: parsed.error.issues[0]!.message });
  const { deps } = c.var;
  return answer(c, productId, await setImageAlt(deps.database, c.var.user!, productId, imageId, parsed.data, deps.clock.now()));
});

imageRoutes.post(`/:imageId{[0-9]+}/delete`, async (c) => {
  const { productId, imageId } = ids(c);
  const { deps } = c.var;
  return answer(c, productId, await deleteImage(deps.database, deps.storage, c.var.user!, productId, imageId, deps.clock.now()));
});
