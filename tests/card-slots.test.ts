import { expect, test } from "bun:test";
import { cardForms, withCardControls } from "../src/catalog/card-slots";

const card = (id: number) => `<li class="card"><h3>P${id}</h3><form method="post" action="/cart/items" id="card-cart-${id}" hx-post="/cart/items"><input type="hidden" name="product_id" value="${id}"/><button type="submit">Add to cart</button></form></li>`;
const control = (id: number) => `<div class="card-stepper" id="card-cart-${id}">− ${id} +</div>`;

test("each in-cart card's form makes way for its control, on every shelf it is on; other cards keep their form", () => {
  const page = `<main><h2>Favourites</h2><ul>${card(7)}${card(12)}</ul><h2>All</h2><ul>${card(3)}${card(7)}${card(70)}</ul></main>`;
  const filled = withCardControls(page, new Map([[7, control(7)], [70, control(70)], [99, control(99)]]));
  expect(filled).toBe(`<main><h2>Favourites</h2><ul>${card(7).replace(/<form.*<\/form>/, control(7))}${card(12)}</ul><h2>All</h2><ul>${card(3)}${card(7).replace(/<form.*<\/form>/, control(7))}${card(70).replace(/<form.*<\/form>/, control(70))}</ul></main>`);
  expect(filled).not.toContain("99");
});

test("no control, or none for a card on the page: the page as it was", () => {
  const page = `<ul>${card(1)}${card(2)}</ul>`;
  expect(withCardControls(page, new Map())).toBe(page);
  expect(withCardControls(page, new Map([[5, control(5)]]))).toBe(page);
  // An id that only starts the same (1 and 12) is not the card.
  expect(withCardControls(`<ul>${card(12)}</ul>`, new Map([[1, control(1)]]))).toBe(`<ul>${card(12)}</ul>`);
});

test("card forms are found in order with their ends, a product on two shelves twice", () => {
  const page = `<p>€ prices</p>${card(4)}<p>between</p>${card(4)}${card(11)}`;
  const forms = cardForms(page);
  expect(forms.map((form) => form.productId)).toEqual([4, 4, 11]);
  for (const form of forms) {
    expect(page.slice(form.start, form.end)).toStartWith("<form");
    expect(page.slice(form.start, form.end)).toEndWith("</form>");
    expect(page.slice(form.start, form.end)).toContain(`id="card-cart-${form.productId}"`);
  }
});
