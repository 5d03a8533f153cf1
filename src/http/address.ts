/**
 * The path and query of a request's URL ("/products/7?image=2"), as `new URL(url)` gives
 * pathname + search, read off the URL string the runtime already normalised instead of parsing
 * it again on every catalog read (ETags and cache keys are made of it).
 */
export function pathAndQuery(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const fragment = url.indexOf("#", start);
  return fragment < 0 ? url.slice(start) : url.slice(start, fragment);
}
