import { describe, expect, it } from 'vitest';
import { ResultCache } from '../../server/services/result-cache.js';

/** A computation that ends when the test says so, reporting the data it saw when it started. */
function gate() {
  let data = 0;
  let started = 0;
  const releases: Array<() => void> = [];
  const compute = () => {
    started += 1;
    const seen = data;
    return new Promise<number>((resolve) => releases.push(() => resolve(seen)));
  };
  return {
    compute,
    write: () => (data += 1),
    get started() {
      return started;
    },
    releaseNext: async () => {
      releases.shift()!();
      // Let the cache's promise handlers run.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe('ResultCache', () => {
  it('answers from the cache while the version is unchanged, and recomputes after a write', async () => {
    const cache = new ResultCache();
    const g = gate();
    const first = cache.getOrCompute('k', 'v0', g.compute);
    await g.releaseNext();
    expect(await first).toBe(0);
    expect(await cache.getOrCompute('k', 'v0', g.compute)).toBe(0);
    expect(g.started).toBe(1);
    g.write();
    const second = cache.getOrCompute('k', 'v1', g.compute);
    await g.releaseNext();
    expect(await second).toBe(1);
    expect(g.started).toBe(2);
  });

  it('runs one computation per key: requests after writes share the next one, which sees their writes', async () => {
    const cache = new ResultCache();
    const g = gate();
    const a = cache.getOrCompute('k', 'v0', g.compute);
    const sameVersion = cache.getOrCompute('k', 'v0', g.compute);
    // Writes land while the first computation runs; three readers ask at newer versions.
    g.write();
    const b = cache.getOrCompute('k', 'v1', g.compute);
    g.write();
    const c = cache.getOrCompute('k', 'v2', g.compute);
    const d = cache.getOrCompute('k', 'v2', g.compute);
    expect(g.started).toBe(1);
    await g.releaseNext();
    expect(await a).toBe(0);
    expect(await sameVersion).toBe(0);
    // The follow-up started after b, c and d arrived: it saw both writes.
    expect(g.started).toBe(2);
    await g.releaseNext();
    expect([await b, await c, await d]).toEqual([2, 2, 2]);
    expect(g.started).toBe(2);
  });

  it('keys do not wait for each other, and a failed computation lets the next one run', async () => {
    const cache = new ResultCache();
    const g = gate();
    const other = cache.getOrCompute('other', 'v0', g.compute);
    const failing = cache.getOrCompute('k', 'v0', () => Promise.reject(new Error('boom')));
    const after = cache.getOrCompute('k', 'v1', async () => 42);
    await expect(failing).rejects.toThrow('boom');
    expect(await after).toBe(42);
    expect(g.started).toBe(1);
    await g.releaseNext();
    expect(await other).toBe(0);
  });
});
