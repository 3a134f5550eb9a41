/**
 * Values computed once per string key for hot paths (parsed URLs, signing
 * templates, decoded keys). Inputs are few in practice; the bound only stops
 * a stream of distinct inputs from growing it without end, by starting over.
 */
export class BoundedMemo<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly limit: number) {}

  /** The value for `key`; `compute` runs on a miss, and a throw caches nothing. */
  get(key: string, compute: () => T): T {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute();
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
