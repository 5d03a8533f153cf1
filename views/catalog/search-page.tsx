import type { ShelfProduct } from "../../src/catalog/queries";
import { SEARCH_SORTS, SORT_LABELS, type SearchSort } from "../../src/catalog/sorting";
import { foodFilterParams, NO_FOOD_FILTER, type FoodFilter } from "../../src/catalog/food-info/filters";
import { ActiveFoodFilter, FoodFilterFields } from "./food-info/filter-form";
import type { SearchSuggestions } from "../../src/catalog/search";
import { ProductGrid, type Money } from "./product-card";
import { Pagination, RangeNote } from "./shelf-controls";
import { FilterSelect } from "../components/form";
import { grouped } from "../../src/values/count";

export type SearchView = {
  q: string;
  category: string | null;
  sort: SearchSort;
  page: number;
  food: FoodFilter;
  pageSize: number;
  products: ShelfProduct[];
  total: number;
  /** A broad search stops counting at what it ranks: "more than N". */
  totalIsAtLeast: boolean;
  reachable: number;
  closeMatches: boolean;
  /** The corrected words whose results are shown, when the typed ones found nothing. */
  correctedText?: string;
  /** For a search that found nothing: aisles that fit the words and popular products. */
  suggestions?: SearchSuggestions;
  aisles: { name: string; slug: string }[];
  money: Money;
};

export function searchHref(params: { q: string; category: string | null; sort: SearchSort; page: number; food?: FoodFilter }) {
  const query = new URLSearchParams({ q: params.q });
  if (params.category) query.set("category", params.category);
  if (params.sort !== "relevance") query.set("sort", params.sort);
  if (params.food) foodFilterParams(params.food, query);
  if (params.page > 1) query.set("page", String(params.page));
  return `/search?${query}`;
}

function Filters(props: SearchView) {
  return (
    <form class="search-filters" method="get" action="/search" hx-get="/search" hx-trigger="change, submit" hx-target="#search-results" hx-push-url="true">
      <input type="hidden" name="q" value={props.q} />
      <FilterSelect label="Aisle" name="category" id="search-category" value={props.category ?? ""} blank="All aisles" options={props.aisles.map((aisle) => ({ value: aisle.slug, label: aisle.name }))} />
      <FilterSelect label="Sort by" name="sort" id="search-sort" value={props.sort} options={SEARCH_SORTS.map((sort) => ({ value: sort, label: SORT_LABELS[sort] }))} />
      <FoodFilterFields filter={props.food} />
      <button type="submit">Apply</button>
    </form>
  );
}

function summary(props: SearchView): string {
  if (!props.q) return "Type what you are looking for.";
  if (props.total === 0) return `Nothing found for “${props.q}”. Try fewer or shorter words, or one of the suggestions below.`;
  if (props.closeMatches) return `No exact matches for “${props.q}”; close matches:`;
  if (props.correctedText) return `No products match “${props.q}”.`;
  if (props.totalIsAtLeast && props.sort !== "relevance") {
    return `More than ${grouped(props.total)} products found; the first ${grouped(props.reachable)} (${SORT_LABELS[props.sort].toLowerCase()}) are listed. Add a word or pick an aisle to see others.`;
  }
  if (props.totalIsAtLeast) return `More than ${grouped(props.total)} products found; the best ${grouped(props.reachable)} are listed. Add a word, pick an aisle or sort to see others.`;
  const found = `${props.total} product${props.total === 1 ? "" : "s"} found`;
  if (props.reachable < props.total) return `${found}; the best ${props.reachable} are listed. Add a word, pick an aisle or sort to see others.`;
  return found;
}

function Suggestions({ suggestions, money }: { suggestions: SearchSuggestions; money: Money }) {
  return (
    <div class="search-suggestions">
      {suggestions.aisles.length > 0 ? (
        <p>
          Try the aisle{suggestions.aisles.length === 1 ? "" : "s"}{" "}
          {suggestions.aisles.map((aisle, index) => (
            <>
              {index > 0 ? ", " : ""}
              <a href={`/categories/${aisle.slug}`}>{aisle.name}</a>
            </>
          ))}
          .
        </p>
      ) : null}
      {suggestions.popular.length > 0 ? (
        <>
          <h2>Popular right now</h2>
          <ProductGrid products={suggestions.popular} money={money} />
        </>
      ) : null}
    </div>
  );
}

/** Every result on the first page: the summary's count says it all, no "Showing 1–14 of 14" under it. */
const onOnePage = (props: SearchView) => props.page === 1 && props.reachable <= props.pageSize;

/** What search-as-you-type swaps into #search-results. */
export function SearchResults(props: SearchView) {
  return (
    <>
      <h1>{props.q ? `Results for “${props.q}”` : "Search"}</h1>
      <Filters {...props} />
      <ActiveFoodFilter filter={props.food} clearHref={searchHref({ ...props, page: 1, food: NO_FOOD_FILTER })} />
      <p class="muted search-summary" role="status">
        {summary(props)}
      </p>
      {props.correctedText ? (
        <p class="did-you-mean">
          Did you mean <a href={searchHref({ ...props, q: props.correctedText, page: 1 })}>{props.correctedText}</a>? Showing its{" "}
          {props.total === 1 ? "product" : `${props.total} products`}.
        </p>
      ) : null}
      {props.suggestions ? <Suggestions suggestions={props.suggestions} money={props.money} /> : null}
      {props.closeMatches || onOnePage(props) ? null : <RangeNote page={props.page} pageSize={props.pageSize} shown={props.products.length} total={props.reachable} />}
      {props.products.length > 0 ? (
        <>
          <h2 class="visually-hidden">Products found</h2>
          <ProductGrid products={props.products} money={props.money} />
        </>
      ) : null}
      {props.closeMatches ? null : (
        <Pagination page={props.page} total={props.reachable} pageSize={props.pageSize} href={(page) => searchHref({ ...props, page })} />
      )}
    </>
  );
}

export function SearchPage(props: SearchView) {
  return (
    <section class="search-page">
      <div id="search-results">
        <SearchResults {...props} />
      </div>
    </section>
  );
}
