import type { Category, ProductImage } from "../../../src/db/schema";
import { UNITS } from "../../../src/db/schema";
import type { FormErrors, FormValues } from "../../../src/http/forms";
import { MAX_ALT, MAX_IMAGES } from "../../../src/catalog/products/images";
import type { ManagedProduct } from "../../../src/catalog/products/products";
import { pictureSources } from "../../../src/media/renditions";
import { CheckboxField, DateField, Field, FileField, FormError, MoneyField, QuantityField, SelectField, TextAreaField } from "../../components/form";

const PICTURE_TYPES = "image/jpeg,image/png,image/webp,image/avif";
import { FoodFields } from "./food-fields";

export function ProductForm(props: { product?: ManagedProduct; categories: Category[]; values: FormValues; errors: FormErrors; dayPattern: string }) {
  const { values, errors } = props;
  const action = props.product ? `/manage/products/${props.product.id}` : "/manage/products";
  return (
    <form method="post" action={action} class="stack-form" novalidate enctype={props.product ? undefined : "multipart/form-data"}>
      <FormError errors={errors} />
      <Field label="Name" name="name" values={values} errors={errors} />
      <SelectField label="Category" name="category_id" values={values} errors={errors} blank="Choose…" options={props.categories.filter((c) => c.status === "active").map((c) => ({ value: String(c.id), label: c.name }))} />
      <TextAreaField label="Description" name="description" values={values} errors={errors} />
      <MoneyField label="Price" name="price" values={values} errors={errors} required={false} hint="In the store's currency, such as 3.20; per unit below. For a piece priced by weight, leave it empty: it is worked out." />
      <SelectField label="Sold by" name="unit" values={values} errors={errors} blank="Choose…" options={UNITS.map((unit) => ({ value: unit, label: unit }))} />
      <fieldset class="form-section">
        <legend>Priced by weight (optional)</legend>
        <p class="hint">For a piece whose weight varies, sold by the item (a melon, a chicken): the shopper sees “about 1.2 kg · est. €8.99” and pays for what the picker weighs.</p>
        <div class="field-pair">
          <MoneyField label="Price per kg" name="price_per_kg" values={values} errors={errors} required={false} hint="Such as 7.49." />
          <Field label="Estimated weight of a piece (g)" name="estimated_weight_g" values={values} errors={errors} required={false} inputmode="numeric" hint="Whole grams, such as 1200." />
        </div>
      </fieldset>
      <QuantityField label="Step (smallest amount a shopper can buy)" name="step" values={values} errors={errors} hint="Whole numbers for each, dozen, g and ml; up to 3 decimals for kg and l (0.25)." />
      <QuantityField label="Low-stock threshold" name="low_stock_threshold" values={values} errors={errors} required={false} />
      {props.product ? null : <QuantityField label="Opening stock" name="stock" values={values} errors={errors} required={false} hint="Later changes go through stock adjustments." />}
      <div class="field-pair">
        <DateField label="Packed on" name="packed_on" values={values} errors={errors} required={false} pattern={props.dayPattern} />
        <DateField label="Best before" name="best_before" values={values} errors={errors} required={false} pattern={props.dayPattern} />
      </div>
      {props.product ? null : <FirstPicture values={values} errors={errors} />}
      <FoodFields values={values} errors={errors} />
      {errors.confirm_duplicate || values.confirm_duplicate === "on" ? (
        <CheckboxField label="Save it anyway: another product may share this name" name="confirm_duplicate" values={values} errors={errors} />
      ) : null}
      <button type="submit" class="button">{props.product ? "Save product" : "Add product"}</button>
    </form>
  );
}

/** A new product's main picture, chosen with the rest of the form (more can be added once it is saved). */
function FirstPicture({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <fieldset class="form-section">
      <legend>Main picture (optional)</legend>
      <FileField label="Picture (JPEG, PNG, WebP or AVIF)" name="image" accept={PICTURE_TYPES} values={values} errors={errors} required={false} />
      <Field label="What the picture shows" name="alt" values={values} errors={errors} required={false} hint="Read aloud to shoppers who can't see it, such as “A bunch of ripe bananas”. Empty: the product's name." />
    </fieldset>
  );
}

function ImageButton({ productId, image, move, label }: { productId: number; image: ProductImage; move: string; label: string }) {
  const url = `/manage/products/${productId}/images/${image.id}/${move}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target="#product-images" hx-swap="outerHTML">
      <button type="submit" class={move === "delete" ? "button button-small button-danger" : "button button-small"}>{label}</button>
    </form>
  );
}

export function ProductImages(props: { productId: number; images: ProductImage[]; problem?: string; notice?: string; maxBytes: number }) {
  const { productId, images } = props;
  const room = MAX_IMAGES - images.length;
  return (
    <section id="product-images" aria-labelledby="images-heading">
      <h2 id="images-heading">Images ({images.length} of {MAX_IMAGES})</h2>
      {props.problem ? <p class="form-error" role="alert">{props.problem}</p> : null}
      {props.notice ? <p class="notice" role="status">{props.notice}</p> : null}
      <p class="hint" id="alt-hint">Read aloud to shoppers who can't see the picture: say what it shows, such as “A bunch of ripe bananas”.</p>
      <ol class="image-list">
        {images.map((image, index) => (
          <li>
            <img {...pictureSources(image.key, "7.5rem")} alt={image.alt} width="120" height="120" class="image-preview" />
            <p>{index === 0 ? <strong>Main image</strong> : `Image ${index + 1}`}</p>
            <form method="post" action={`/manage/products/${productId}/images/${image.id}/alt`} hx-post={`/manage/products/${productId}/images/${image.id}/alt`} hx-target="#product-images" hx-swap="outerHTML" class="alt-form">
              <label for={`alt-${image.id}`}>What the picture shows</label>
              <input id={`alt-${image.id}`} name="alt" value={image.alt} maxlength={MAX_ALT} required aria-describedby="alt-hint" />
              <button type="submit" class="button button-small">Save description</button>
            </form>
            <div class="row-actions">
              {index > 0 ? <ImageButton productId={productId} image={image} move="main" label="Make main" /> : null}
              {index > 0 ? <ImageButton productId={productId} image={image} move="up" label="Move up" /> : null}
              {index < images.length - 1 ? <ImageButton productId={productId} image={image} move="down" label="Move down" /> : null}
              <ImageButton productId={productId} image={image} move="delete" label="Delete" />
            </div>
            <form method="post" action={`/manage/products/${productId}/images/${image.id}/replace`} enctype="multipart/form-data" class="row-actions">
              <FileField label="Replace with" name="image" id={`replace-${image.id}`} accept={PICTURE_TYPES} values={{}} errors={{}} inline />
              <button type="submit" class="button button-small">Replace</button>
            </form>
          </li>
        ))}
      </ol>
      {room > 0 ? (
        <form method="post" action={`/manage/products/${productId}/images`} enctype="multipart/form-data" class="row-actions">
          <FileField label={`Add images (JPEG, PNG, WebP or AVIF, up to ${Math.round(props.maxBytes / 1024 / 1024)} MB each; ${room} more allowed)`} name="images" id="upload-images" accept={PICTURE_TYPES} multiple values={{}} errors={{}} inline />
          <label for="upload-alt">What the pictures show (optional; each can be changed after)</label>
          <input id="upload-alt" name="alt" maxlength={MAX_ALT} aria-describedby="alt-hint" />
          <button type="submit" class="button">Upload</button>
        </form>
      ) : <p class="muted">This product has the most images allowed. Delete one to add another.</p>}
    </section>
  );
}

export function ProductEditor(props: { product?: ManagedProduct; categories: Category[]; values: FormValues; errors: FormErrors; images?: ProductImage[]; imageProblem?: string; imageNotice?: string; maxBytes: number; dayPattern: string }) {
  return (
    <section>
      <p><a href="/manage/products">All products</a>{props.product ? <> · <a href={`/products/${props.product.slug}`}>View in the shop</a></> : null}</p>
      <h1>{props.product ? `Edit ${props.product.name}` : "Add a product"}</h1>
      {props.product && !props.product.active ? <p class="flash flash-info">This product is inactive: shoppers don't see it.</p> : null}
      <ProductForm product={props.product} categories={props.categories} values={props.values} errors={props.errors} dayPattern={props.dayPattern} />
      {props.product ? <ProductImages productId={props.product.id} images={props.images ?? []} problem={props.imageProblem} notice={props.imageNotice} maxBytes={props.maxBytes} /> : null}
    </section>
  );
}
