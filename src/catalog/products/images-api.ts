import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { addImages, deleteImage, imageAlt, MAX_ALT, MAX_IMAGES, productExists, productImagesOf, setImageAlt } from "./images";
import { bearerAuth, callerOf, requireStaffRole } from "../../api/bearer";
import { apiRouter, type ApiEnv } from "../../api/env";
import { imageJson, ProductImagesSchema, refusal } from "./api-schema";
import { ApiProblem, problems } from "../../api/problem";
import { IdParam } from "../../api/schemas";

/** Product photos for approved managers and the admin: the back office's checks (content, size, at most 8). */
export const productImageApi = apiRouter();

const staff = [bearerAuth(), requireStaffRole("manager")];
const TAGS = ["Catalog management"];

const ImageFile = z.custom<File>((value) => value instanceof File, { message: "must be a file, sent as a multipart/form-data file part" });

const ImageUpload = z
  .object({
    image: z
      .union([ImageFile, z.array(ImageFile)])
      .optional()
      .openapi({
        type: "array",
        items: { type: "string", format: "binary" },
        description: `One or more JPEG, PNG, WebP or AVIF files: repeat the \`image\` part for several. At most ${MAX_IMAGES} images per product.`,
      }),
    alt: z
      .string()
      .optional()
      .openapi({ description: `What the pictures show, for people who can't see them (<img alt>), 2-${MAX_ALT} characters; each can be changed after. Left out: the file's name.`, example: "A bunch of ripe bananas" }),
  })
  .openapi("ImageUpload");

/** Says what to send before the body is read, and refuses a body bigger than 8 full-size images unread. */
const multipartOnly: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!/^multipart\/form-data/i.test(c.req.header("content-type") ?? "")) {
    throw new ApiProblem(415, "Unsupported Media Type", "Send the images as multipart/form-data, each file in an `image` part.");
  }
  return bodyLimit({
    maxSize: c.var.deps.config.MAX_IMAGE_BYTES * MAX_IMAGES + 64 * 1024,
    onError: () => {
      throw new ApiProblem(413, "Content Too Large", `That upload is too big: add at most ${MAX_IMAGES} images of the size limit each.`);
    },
  })(c, next);
};

const imagesResponse = (description: string) => ({ description, content: { "application/json": { schema: ProductImagesSchema } } });

productImageApi.openapi(
  createRoute({
    method: "get",
    path: "/products/{id}/images",
    operationId: "listProductImages",
    tags: TAGS,
    summary: "A product's images with their ids (manager)",
    description: "Every image of the product, sold or not, main image first: the ids are what deleting one takes.",
    middleware: staff,
    request: { params: IdParam },
    responses: { 200: imagesResponse("The product's images, main image first (none is an empty list)."), ...problems(400, 401, 403, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { database } = c.var.deps;
    if (!(await productExists(database, id))) throw refusal({ status: 404, message: "No product with that id." });
    return c.json({ images: (await productImagesOf(database, id)).map(imageJson) }, 200);
  },
);

productImageApi.openapi(
  createRoute({
    method: "post",
    path: "/products/{id}/images",
    operationId: "addProductImages",
    tags: TAGS,
    summary: "Upload product images (manager)",
    description:
      "Images are recognised by their content (magic bytes), not their name or declared type: anything but JPEG, PNG, WebP or AVIF is 415. " +
      `Each file may be at most MAX_IMAGE_BYTES (5 MB unless configured): 413. A product holds at most ${MAX_IMAGES} images: 409. ` +
      "New images go after the existing ones; the first image is the main one.",
    middleware: [...staff, multipartOnly],
    request: { params: IdParam, body: { required: true, content: { "multipart/form-data": { schema: ImageUpload } } } },
    responses: { 201: imagesResponse("All the product's images, main image first."), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { image, alt } = c.req.valid("form");
    // An empty file part is what a form sends when no file was chosen: it counts as none, as on the web.
    const files = (image === undefined ? [] : Array.isArray(image) ? image : [image]).filter((file) => file.size > 0);
    const described = alt?.trim() ? imageAlt.safeParse(alt) : null;
    if (described && !described.success) throw refusal({ status: 422, message: described.error.issues[0]!.message }, "alt");
    const { database, storage, clock, config } = c.var.deps;
    const outcome = await addImages(database, storage, callerOf(c), id, files, config.MAX_IMAGE_BYTES, clock.now(), described?.data);
    if (!outcome.ok) throw refusal(outcome, "image");
    return c.json({ images: (await productImagesOf(database, id)).map(imageJson) }, 201);
  },
);

const ImageParams = IdParam.extend({
  image_id: z
    .string()
    .regex(/^[1-9]\d{0,11}$/, "must be a whole number from 1 to 999999999999")
    .transform(Number)
    .openapi({ param: { name: "image_id", in: "path" }, example: 31, type: "integer", minimum: 1, maximum: 999_999_999_999 }),
});

productImageApi.openapi(
  createRoute({
    method: "delete",
    path: "/products/{id}/images/{image_id}",
    operationId: "deleteProductImage",
    tags: TAGS,
    summary: "Delete a product image (manager)",
    description: "The remaining images close up; if the main image goes, the next one becomes main.",
    middleware: staff,
    request: { params: ImageParams },
    responses: { 200: imagesResponse("The product's remaining images, main image first."), ...problems(400, 401, 403, 404) },
  }),
  async (c) => {
    const { id, image_id } = c.req.valid("param");
    const { database, storage, clock } = c.var.deps;
    const outcome = await deleteImage(database, storage, callerOf(c), id, image_id, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json({ images: (await productImagesOf(database, id)).map(imageJson) }, 200);
  },
);

const ImageAltChange = z.object({ alt: imageAlt.openapi({ description: `What the picture shows, for people who can't see it (<img alt>), 2-${MAX_ALT} characters.`, example: "A bunch of ripe bananas" }) }).openapi("ImageAltChange");

productImageApi.openapi(
  createRoute({
    method: "patch",
    path: "/products/{id}/images/{image_id}",
    operationId: "updateProductImage",
    tags: TAGS,
    summary: "Describe a product image (manager)",
    description: "Changes the image's alt text: what it shows, read aloud to shoppers who can't see it.",
    middleware: staff,
    request: { params: ImageParams, body: { required: true, content: { "application/json": { schema: ImageAltChange } } } },
    responses: { 200: imagesResponse("All the product's images, main image first."), ...problems(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const { id, image_id } = c.req.valid("param");
    const { alt } = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const outcome = await setImageAlt(database, callerOf(c), id, image_id, alt, clock.now());
    if (!outcome.ok) throw refusal(outcome);
    return c.json({ images: (await productImagesOf(database, id)).map(imageJson) }, 200);
  },
);
