import { DataTable } from "../components/data-table";
import { productUrl } from "../../src/catalog/urls";
import { Thumb } from "../components/thumb";
import type { WishlistEntry } from "../../src/wishlist/wishlist";
import { quantityLabel, unitPriceLabel } from "../../src/catalog/units";

type Money = (cents: number) => string;

export function WishlistPage({ items, money }: { items: WishlistEntry[]; money: Money }) {
  return (
    <section>
      <h1>Saved for later</h1>
      <DataTable
        class="stack-table"
        columns={["Product", "Price", "Stock", "Actions"]}
        rows={items}
        row={(item) => (
            <tr>
              <td>
                <span class="with-thumb">
                  <Thumb imageKey={item.imageKey} name={item.name} />
                  <a href={productUrl(item)}>{item.name}</a>
                </span>
              </td>
              <td data-label="Price">{unitPriceLabel(money(item.priceCents), item.unit)}</td>
              <td data-label="Stock">{item.stock === 0 ? "Out of stock" : `${quantityLabel(item.stock, item.unit)} available`}</td>
              <td class="stack-full">
                <div class="row-actions">
                  {item.stock > 0 ? (
                    <form method="post" action={`/wishlist/items/${item.id}/move-to-cart`}>
                      <button type="submit" class="button button-small">Move to cart</button>
                    </form>
                  ) : item.alertRequested ? (
                    <span class="muted">We'll email you when it's back</span>
                  ) : (
                    <form method="post" action="/stock-alerts">
                      <input type="hidden" name="product_id" value={String(item.id)} />
                      <button type="submit" class="button button-small">Notify me when back in stock</button>
                    </form>
                  )}
                  <form method="post" action={`/wishlist/items/${item.id}/remove`}>
                    <button type="submit" class="link-button">Remove</button>
                  </form>
                </div>
              </td>
            </tr>
        )}
        empty={
          <p class="empty">
            Nothing saved yet. Use “Save for later” on any product. <a href="/">Browse the aisles</a>
          </p>
        }
      />
    </section>
  );
}
