import { SORT_LABELS, type SearchSort } from "../../src/catalog/sorting";
import { grouped } from "../../src/values/count";

/** Sort choices as plain links: they work without JavaScript and can be bookmarked. */
export function SortLinks<T extends SearchSort>(props: { current: T; options: readonly T[]; href: (sort: T) => string }) {
  return (
    <nav class="sort-links" aria-label="Sort">
      <span class="muted">Sort by:</span>
      <ul>
        {props.options.map((sort) => (
          <li>
            {sort === props.current ? (
              <a href={props.href(sort)} aria-current="true" class="current">
                {SORT_LABELS[sort]}
              </a>
            ) : (
              <a href={props.href(sort)}>{SORT_LABELS[sort]}</a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The page numbers to show: first, last and two either side of the current one. */
export function pageWindow(current: number, last: number): (number | "gap")[] {
  const pages: (number | "gap")[] = [];
  for (let page = 1; page <= last; page++) {
    if (page === 1 || page === last || Math.abs(page - current) <= 2) pages.push(page);
    else if (pages[pages.length - 1] !== "gap") pages.push("gap");
  }
  return pages;
}

export function Pagination(props: { page: number; total: number; pageSize: number; href: (page: number) => string }) {
  const last = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (last === 1 && props.page === 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {props.page > 1 ? (
        <a href={props.href(Math.min(props.page - 1, last))} rel="prev">
          ← Previous
        </a>
      ) : null}
      <ul>
        {pageWindow(props.page, last).map((page) =>
          page === "gap" ? (
            <li class="gap">…</li>
          ) : (
            <li>
              {page === props.page ? (
                <a href={props.href(page)} aria-current="page" class="current">
                  {page}
                </a>
              ) : (
                <a href={props.href(page)}>{page}</a>
              )}
            </li>
          ),
        )}
      </ul>
      {props.page < last ? (
        <a href={props.href(props.page + 1)} rel="next">
          Next →
        </a>
      ) : null}
    </nav>
  );
}

/** "Showing 25–48 of 130". */
export function RangeNote(props: { page: number; pageSize: number; shown: number; total: number; firstPage?: string }) {
  if (props.total === 0) return null;
  const first = (props.page - 1) * props.pageSize + 1;
  if (props.shown === 0) {
    return (
      <p class="muted range-note">
        There is no page {props.page}: all {grouped(props.total)} are on the pages before. {props.firstPage ? <a href={props.firstPage}>Back to the first page</a> : null}
      </p>
    );
  }
  return <p class="muted range-note">{`Showing ${grouped(first)}–${grouped(first + props.shown - 1)} of ${grouped(props.total)}`}</p>;
}
