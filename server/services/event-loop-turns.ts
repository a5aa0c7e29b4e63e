/**
 * One request started per turn of the event loop. Node takes new connections in the loop's poll
 * phase, and a turn answers every request that is ready: under a load of slow synchronous work
 * (SQLite queries and per-commuter arithmetic run on the main thread) a turn lasted seconds,
 * so the server took about one new connection a second and a hundred clients waited in the
 * listening socket's queue until they gave up (issue 14's mixed load on SQLite). Each request
 * here waits for its own turn, taken from setImmediate after the previous one's: the poll phase
 * runs between two requests, so connections are accepted and requests read as they come, in
 * the order they came. Throughput is the same; only the order changes.
 */
export class EventLoopTurns {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves in a later turn than the previous caller's, after an I/O poll. */
  next(): Promise<void> {
    const turn = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.tail = turn;
    return turn;
  }
}
