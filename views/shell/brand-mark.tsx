/**
 * The store's mark (the same drawing as /static/favicon.svg), drawn in the page: an <img> of an SVG
 * makes the browser build a separate SVG document for it, which cost every page ~100 ms of main-thread
 * work on a throttled phone (Lighthouse), for a 28 px logo.
 */
export function BrandMark() {
  return (
    <svg class="brand-mark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1f7a4d" />
      <path d="M9 12h14l-2 11H11z" fill="#fff" />
      <path d="M13 12l3-5 3 5" stroke="#fff" stroke-width="2" fill="none" />
    </svg>
  );
}
