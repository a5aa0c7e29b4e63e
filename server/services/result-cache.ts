/**
 * Computed dashboard answers, kept while the data they were computed from is unchanged: the
 * caller passes the data version (server/repositories/data-versions.ts) it read, and an entry
 * computed at another version is recomputed. Dashboards ask the same questions again and
 * again; between two writes of a partner the answer cannot change.
 */
export class ResultCache {
  private readonly entries = new Map<string, { version: string; value: unknown }>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 500) {}

  async getOrCompute<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Refresh its place: least recently used entries leave first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    // Concurrent requests for the same answer share one computation.
    const pendingKey = `${key}@${version}`;
    const running = this.pending.get(pendingKey);
    if (running) return running as Promise<T>;
    const promise = compute().then(
      (value) => {
        this.pending.delete(pendingKey);
        this.entries.delete(key);
        if (this.entries.size >= this.maxEntries)
          this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { version, value });
        return value;
      },
      (err: unknown) => {
        this.pending.delete(pendingKey);
        throw err;
      },
    );
    this.pending.set(pendingKey, promise);
    return promise;
  }

  clear(): void {
    this.entries.clear();
  }
}
