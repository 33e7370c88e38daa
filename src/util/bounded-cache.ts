/**
 * A memo for values derived from input text (compiled patterns), bounded by
 * entries and by the characters of its keys, so a long-lived process reading
 * hostile documents cannot grow it without limit. Keys longer than a share of
 * the budget are not kept: they are rare, and each would evict the rest.
 * Full means cleared, not evicted one by one: the hot keys come back at once.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  /** The defaults hold every pattern of a large organization's policies (thousands) in about a mebibyte of keys. */
  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxKeyChars = 2 ** 20,
  ) {}

  /** The value for `key`, made (and kept while the budget allows) on first use. */
  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (key.length > this.maxKeyChars / 256) return value;
    if (this.entries.size >= this.maxEntries || this.chars + key.length > this.maxKeyChars) {
      this.entries.clear();
      this.chars = 0;
    }
    this.entries.set(key, value);
    this.chars += key.length;
    return value;
  }

  /** How much is held: entries and key characters (for tests of the bound). */
  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }
}
