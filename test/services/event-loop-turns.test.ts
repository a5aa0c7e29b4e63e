import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventLoopTurns } from '../../server/services/event-loop-turns.js';

const busy = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};

describe('one request per event-loop turn (issue 14: new connections taken under load)', () => {
  it('lets I/O that completed during a turn in before the next turn, and keeps the order', async () => {
    const turns = new EventLoopTurns();
    const order: string[] = [];
    // Six requests arrive together, each with 25 ms of synchronous work (a busy SQLite server).
    const requests = Array.from({ length: 6 }, (_, i) =>
      turns.next().then(() => {
        order.push(`request ${i}`);
        busy(25);
      }),
    );
    // An I/O completion (a new connection, in the server) that is ready while request 0 works.
    stat(import.meta.filename, () => order.push('io'));
    await Promise.all(requests);
    expect(order.filter((x) => x !== 'io')).toEqual([0, 1, 2, 3, 4, 5].map((i) => `request ${i}`));
    // Without the turns all six ran back to back and the I/O came after 150 ms of work.
    expect(order.indexOf('io')).toBeGreaterThan(0);
    expect(order.indexOf('io')).toBeLessThan(order.length - 2);
  });
});
