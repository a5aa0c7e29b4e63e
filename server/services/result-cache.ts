/**
 * Computed dashboard answers, kept while the data they were computed from is unchanged: the
 * caller passes the data version (server/repositories/data-versions.ts) it read, and an entry
 * computed at another version is recomputed. Dashboards ask the same questions again and
 * again; between two writes of a partner the answer cannot change.
 *
 * Under steady writes every read finds a new version. One computation per key runs at a time:
 * a request at another version than the running one waits for it to end and then shares the
 * next computation with every request that arrived meanwhile. That computation starts after
 * all of them arrived, so each still sees every write made before its request (issue 14's load
 * run: without this, each read after a write computed the same answer again, in parallel).
 */
export class ResultCache {
  private readonly entries = new Map<string, { version: string; value: unknown }>();
  /** The computation running per key, and the one queued behind it (shared by its waiters). */
  private readonly running = new Map<string, { version: string; promise: Promise<unknown> }>();
  private readonly queued = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 500) {}

  async getOrCompute<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Refresh its place: least recently used entries leave first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const current = this.running.get(key);
    if (!current) return this.start(key, version, compute);
    // Concurrent requests for the same answer share one computation.
    if (current.version === version) return current.promise as Promise<T>;
    const next = this.queued.get(key);
    if (next) return next as Promise<T>;
    const queued = current.promise
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(key);
        return this.start(key, version, compute);
      });
    this.queued.set(key, queued);
    return queued;
  }

  private start<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const promise = compute().then(
      (value) => {
        this.running.delete(key);
        this.entries.delete(key);
        if (this.entries.size >= this.maxEntries)
          this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { version, value });
        return value;
      },
      (err: unknown) => {
        this.running.delete(key);
        throw err;
      },
    );
    this.running.set(key, { version, promise });
    return promise;
  }

  clear(): void {
    this.entries.clear();
  }
}
