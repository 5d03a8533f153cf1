import type { Category } from "../../../src/db/schema";
import { amountLabel } from "../../../src/catalog/units";
import type { ManagedProduct, ManagedProductPage, ProductFilters } from "../../../src/catalog/products/products";
import { Pagination } from "../../catalog/shelf-controls";
import { Field, FilterSearch, FilterSelect, MoneyField, QuantityField } from "../../components/form";
import { centsToInput } from "../../../src/values/money";
import { thousandthsToInput } from "../../../src/values/quantity";
import { pictureSources } from "../../../src/media/renditions";

type Money = (cents: number) => string;

const sortLabels = { name: "Name", "price-asc": "Price, low to high", "price-desc": "Price, high to low", stock: "Stock, lowest first", updated: "Recently changed" } as const;

export function stockState(product: ManagedProduct): "out" | "low" | "in" {
  if (product.stock <= 0) return "out";
  return product.stock <= product.lowStockThreshold ? "low" : "in";
}

const stockLabels = { out: "Out of stock", low: "Low", in: "In stock" } as const;

function CellForm(props: { product: ManagedProduct; field: "price" | "threshold"; children: unknown }) {
  const action = `/manage/products/${props.product.id}/${props.field}`;
  return (
    <form method="post" action={action} hx-post={action} hx-target={`#product-${props.product.id}`} hx-swap="outerHTML" class="quantity-form">
      {props.children}
    </form>
  );
}

function RowButton({ product, action, label, danger }: { product: ManagedProduct; action: string; label: string; danger?: boolean }) {
  const url = `/manage/products/${product.id}/${action}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target={`#product-${product.id}`} hx-swap="outerHTML">
      <button type="submit" class={danger ? "button button-small button-danger" : "button button-small"} aria-label={`${label} ${product.name}`}>{label}</button>
    </form>
  );
}

export function ProductRow({ product, money, problem, notice }: { product: ManagedProduct; money: Money; problem?: string; notice?: string }) {
  const state = stockState(product);
  return (
    <tr id={`product-${product.id}`} class={product.active ? undefined : "row-inactive"}>
      <td><input type="checkbox" name="ids" value={String(product.id)} form="bulk-form" aria-label={`Select ${product.name}`} /></td>
      <td>{product.mainImageKey ? <img class="thumb" {...pictureSources(product.mainImageKey, "2.75rem")} alt="" width="40" height="40" loading="lazy" decoding="async" /> : <span class="thumb thumb-empty" aria-hidden="true">{product.name.slice(0, 1)}</span>}</td>
      <td>
        <a href={`/manage/products/${product.id}`}><strong>{product.name}</strong></a>
        <br /><span class="muted">{product.categoryName}{product.categoryStatus === "pending" ? " (pending)" : ""} · {product.imageCount} image{product.imageCount === 1 ? "" : "s"}</span>
        {problem ? <p class="field-error" role="alert" id={`product-${product.id}-problem`}>{problem}</p> : null}
        {notice ? <p class="notice" role="status">{notice}</p> : null}
      </td>
      <td data-label="Price">
        <CellForm product={product} field="price">
          <MoneyField label={`Price of ${product.name}`} name="price" id={`price-${product.id}`} values={{ price: centsToInput(product.priceCents) }} errors={{}} attributes={{ "aria-invalid": problem ? "true" : undefined, "aria-describedby": problem ? `product-${product.id}-problem` : undefined }} size={7} required={false} hideLabel inline beside={<button type="submit" class="button button-small">Save</button>} />
        </CellForm>
        <span class="muted">{money(product.priceCents)} / {product.unit}</span>
      </td>
      <td data-label="Stock"><span class={`badge badge-${state === "in" ? "in" : state}`}>{stockLabels[state]}</span> {amountLabel(product.stock, product.unit)}</td>
      <td data-label="Low at">
        <CellForm product={product} field="threshold">
          <QuantityField label={`Low-stock threshold of ${product.name}`} name="low_stock_threshold" id={`threshold-${product.id}`} values={{ low_stock_threshold: thousandthsToInput(product.lowStockThreshold) }} errors={{}} size={5} required={false} hideLabel inline beside={<button type="submit" class="button button-small">Save</button>} />
        </CellForm>
      </td>
      <td data-label="Status">{product.active ? "Active" : "Inactive"}</td>
      <td>
        <div class="row-actions">
          <a class="button button-small" href={`/manage/products/${product.id}`} aria-label={`Edit ${product.name}`}>Edit</a>
          {product.active ? <RowButton product={product} action="deactivate" label="Deactivate" /> : <RowButton product={product} action="activate" label="Activate" />}
          <RowButton product={product} action="delete" label="Delete" danger />
        </div>
      </td>
    </tr>
  );
}

/** The list's address for another page, keeping the filters. */
export function productListHref(filters: ProductFilters, page: number): string {
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  if (filters.category) query.set("category", String(filters.category));
  if (filters.stock) query.set("stock", filters.stock);
  if (filters.sort !== "name") query.set("sort", filters.sort);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/manage/products?${text}` : "/manage/products";
}

function shownCount({ products, total, page, pageSize }: ManagedProductPage): string {
  const noun = `product${total === 1 ? "" : "s"}`;
  if (products.length === total) return `${total} ${noun}`;
  const first = (page - 1) * pageSize + 1;
  return `${first}–${first + products.length - 1} of ${total} ${noun}`;
}

export function ProductTable({ listing, filters, money }: { listing: ManagedProductPage; filters: ProductFilters; money: Money }) {
  const { products } = listing;
  return (
    <div id="product-table" class="table-wrap">
      <p class="muted" role="status">{shownCount(listing)}</p>
      <table class="data-table product-table">
        <thead>
          <tr>
            <th scope="col"><span class="visually-hidden">Select</span></th>
            <th scope="col"><span class="visually-hidden">Image</span></th>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col">Stock</th>
            <th scope="col">Low at</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => <ProductRow product={product} money={money} />)}
        </tbody>
      </table>
      <Pagination page={listing.page} total={listing.total} pageSize={listing.pageSize} href={(page) => productListHref(filters, page)} />
    </div>
  );
}

const Select = (props: { id: string; name: string; label: string; value: string; options: [string, string][] }) => (
  <FilterSelect id={props.id} name={props.name} label={props.label} value={props.value} options={props.options.map(([value, label]) => ({ value, label }))} />
);

export function ProductsPage(props: { listing: ManagedProductPage; categories: Category[]; filters: ProductFilters; money: Money; problem?: string }) {
  const { filters } = props;
  const active = props.categories.filter((category) => category.status === "active");
  const categoryOptions: [string, string][] = props.categories.map((category) => [String(category.id), category.status === "active" ? category.name : `${category.name} (pending)`]);
  return (
    <section id="manage-products">
      <p><a href="/manage">Back office</a> · <a href="/manage/categories">Categories</a></p>
      <h1>Products</h1>
      <p><a class="button" href="/manage/products/new">Add a product</a></p>
      {props.problem ? <p class="form-error" role="alert">{props.problem}</p> : null}
      <form class="filters" method="get" action="/manage/products" hx-get="/manage/products" hx-trigger="input delay:250ms" hx-target="#product-table" hx-swap="outerHTML" hx-push-url="true" role="search">
        <FilterSearch label="Name contains" name="q" id="filter-q" value={filters.q} placeholder="Product name" />
        <Select id="filter-category" name="category" label="Category" value={String(filters.category)} options={[["", "All categories"], ...categoryOptions]} />
        <Select id="filter-stock" name="stock" label="Stock" value={filters.stock} options={[["", "Any stock"], ["low", "Low stock"], ["out", "Out of stock"]]} />
        <Select id="filter-sort" name="sort" label="Sort" value={filters.sort} options={Object.entries(sortLabels)} />
        <button type="submit" class="button button-small">Filter</button>
      </form>
      <form id="bulk-form" class="filters" method="post" action="/manage/products/bulk">
        <Select id="bulk-action" name="action" label="With ticked products" value="" options={[["", "Choose…"], ["activate", "Activate"], ["deactivate", "Deactivate"], ["move", "Move to category"], ["price", "Change price by %"]]} />
        <Select id="bulk-category" name="category_id" label="Category" value="" options={[["", "(for moving)"], ...active.map((category): [string, string] => [String(category.id), category.name])]} />
        <Field label="Price change %" name="percent" id="bulk-percent" values={{}} errors={{}} placeholder="-10 or 5.5" size={8} inputmode="decimal" required={false} inline />
        <button type="submit" class="button button-small">Apply</button>
      </form>
      <ProductTable listing={props.listing} filters={filters} money={props.money} />
    </section>
  );
}
