import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointReport {
  /** Frames in the WAL when the checkpoint ran, and how many of them are now in the database file. */
  walFrames: number;
  checkpointedFrames: number;
}

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/**
 * The thread's whole program. It is passed as source (`eval`), not as a file, so that the
 * bundled server needs no second entry point; it only needs the driver, whose resolved path
 * it is given.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
const walPath = workerData.path + '-wal';
let checked = '';
const timer = setInterval(() => {
  // A WAL that restarted from its beginning keeps its size: its modification time tells a write.
  let stamp = '';
  try { const st = statSync(walPath); stamp = st.size + ':' + st.mtimeMs; } catch { return; }
  if (stamp === checked) return;
  checked = stamp;
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ walFrames: row.log, checkpointedFrames: row.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

/**
 * Copies committed pages from the WAL into the database file on a thread of its own.
 *
 * SQLite checkpoints in the connection that commits, once the WAL passes wal_autocheckpoint
 * pages: under steady ingestion that is a 20 to 40 ms pause of the event loop every few
 * seconds, which every waiting request feels (it was the benchmark's p99) and which costs the
 * request thread about 7 µs per stored trip. This thread checkpoints passively (it never waits
 * for, or blocks, readers and writers) whenever the WAL has grown, so the committing
 * connection's own checkpoint, still there as a backstop and to let the WAL restart from its
 * beginning, finds almost nothing left to copy.
 */
export function startBackgroundCheckpoints(
  path: string,
  options: {
    intervalMs?: number;
    onReport?: (r: CheckpointReport) => void;
    onError?: (message: string) => void;
  } = {},
): BackgroundCheckpoints {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driverPath, intervalMs: options.intervalMs ?? 200 },
  });
  worker.unref();
  worker.on('message', (m: CheckpointReport | { error: string }) => {
    if ('error' in m) options.onError?.(m.error);
    else options.onReport?.(m);
  });
  worker.on('error', (err) => options.onError?.(err.message));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.ref(); // keep the process alive until the thread has closed its connection
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
      return stopped;
    },
  };
}
