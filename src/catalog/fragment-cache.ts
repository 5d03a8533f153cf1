/**
 * Rendered catalog HTML kept in process, valid for one shelf version (src/catalog/queries.ts). A newer version empties
 * it, and an entry built under an older version is never stored, so no instance serves stale
 * shelves longer than one request after a write (the version lives in the database).
 * Bounded both by entries and by characters, least recently used out first.
 */
export type CachedView = { title: string; html: string; query?: string };

const charsOf = (view: CachedView) => view.html.length + view.title.length;

export class FragmentCache {
  private version = -1;
  private readonly entries = new Map<string, CachedView>();
  private size = 0;

  constructor(
    private readonly maxEntries = 500,
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  get(version: number, key: string): CachedView | undefined {
    this.observe(version);
    if (version !== this.version) return undefined;
    const view = this.entries.get(key);
    if (view === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, view);
    return view;
  }

  set(version: number, key: string, view: CachedView): void {
    this.observe(version);
    if (version !== this.version || charsOf(view) > this.maxChars / 4) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.size -= charsOf(previous);
      this.entries.delete(key);
    }
    this.entries.set(key, view);
    this.size += charsOf(view);
    for (const [oldest, value] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxChars) break;
      this.entries.delete(oldest);
      this.size -= charsOf(value);
    }
  }

  get stats() {
    return { version: this.version, entries: this.entries.size, chars: this.size };
  }

  private observe(version: number) {
    if (version <= this.version) return;
    this.version = version;
    this.entries.clear();
    this.size = 0;
  }
}
