import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints, type CheckpointReport } from '../../server/db/checkpointer.js';
import { openSqlite } from '../../server/db/connection.js';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modeshift-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function nextReport(
  reports: CheckpointReport[],
  matching: (r: CheckpointReport) => boolean,
  timeoutMs = 5000,
): Promise<CheckpointReport> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const hit = reports.find(matching);
      if (hit) return resolve(hit);
      if (Date.now() - started > timeoutMs)
        return reject(
          new Error(`no matching checkpoint report in ${timeoutMs} ms: ${JSON.stringify(reports)}`),
        );
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('background WAL checkpoints', () => {
  it('copy committed pages into the database file on their own thread, and writes go on meanwhile', async () => {
    const path = tempDbPath();
    const db = openSqlite(path);
    const sqlite = db.sqlite!;
    sqlite.exec('create table t (id integer primary key, payload blob)');
    // The committing connection would checkpoint only after this many pages: never, here.
    sqlite.pragma('wal_autocheckpoint = 100000');
    const reports: CheckpointReport[] = [];
    const errors: string[] = [];
    const checkpoints = startBackgroundCheckpoints(path, {
      intervalMs: 10,
      onReport: (r) => reports.push(r),
      onError: (e) => errors.push(e),
    });
    const insert = sqlite.prepare('insert into t (payload) values (randomblob(2000))');
    sqlite.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run();
    })();
    const first = await nextReport(
      reports,
      (r) => r.walFrames > 0 && r.checkpointedFrames === r.walFrames,
    );
    expect(first.walFrames).toBeGreaterThan(200);

    // Later commits are checkpointed too.
    sqlite.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run();
    })();
    await nextReport(
      reports,
      (r) => r !== first && r.checkpointedFrames > 0 && r.checkpointedFrames === r.walFrames,
    );
    await checkpoints.stop();
    expect(errors).toEqual([]);
    await db.close();

    const reopened = openSqlite(path);
    expect(reopened.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 1000 });
    expect(reopened.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
    await reopened.close();
  });

  it('start with the server connection and stop when it closes', async () => {
    const path = tempDbPath();
    const db = openSqlite(path, { backgroundCheckpoints: true });
    db.sqlite!.exec('create table t (x integer)');
    db.sqlite!.prepare('insert into t values (1)').run();
    await db.close();
    expect(db.sqlite!.open).toBe(false);
  });
});
