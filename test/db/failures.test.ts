import { describe, expect, it } from 'vitest';
import { classifyDatabaseFailure } from '../../server/db/failures.js';

// The shapes the drivers throw: better-sqlite3's SqliteError and pg's DatabaseError carry a
// string `code`; Node's socket errors too; pg's pool reports some failures by message only.
function driverError(
  code: string | undefined,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return Object.assign(new Error(message), code === undefined ? {} : { code }, extra);
}

describe('classifyDatabaseFailure', () => {
  it.each([
    ['SQLITE_BUSY', 'database is locked', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'database is locked', 'busy'],
    ['SQLITE_LOCKED', 'database table is locked', 'busy'],
    ['SQLITE_FULL', 'database or disk is full', 'storage'],
    ['SQLITE_IOERR_WRITE', 'disk I/O error', 'storage'],
    ['SQLITE_READONLY', 'attempt to write a readonly database', 'storage'],
    ['SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database', 'storage'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'storage'],
    ['53100', 'could not extend file: No space left on device', 'storage'], // PostgreSQL disk_full
    ['25006', 'cannot execute INSERT in a read-only transaction', 'storage'],
    ['57P03', 'the database system is starting up', 'storage'],
    ['08006', 'connection failure', 'storage'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432', 'storage'],
    ['55P03', 'could not obtain lock on row', 'busy'],
    ['40001', 'could not serialize access', 'busy'],
  ] as const)('%s (%s) is %s', (code, message, kind) => {
    expect(classifyDatabaseFailure(driverError(code, message))).toEqual({ kind, code, message });
  });

  it.each([
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: trips.id'],
    ['SQLITE_ERROR', 'no such table: trips'],
    ['23505', 'duplicate key value violates unique constraint'],
    ['22P02', 'invalid input syntax for type integer'],
    [undefined, 'something else broke'],
  ])(
    '%s (%s) is not a storage failure: it stays a 500 or whatever the code makes of it',
    (code, message) => {
      expect(classifyDatabaseFailure(driverError(code, message))).toBeUndefined();
    },
  );

  it('finds the failure behind a wrapping error, and pg connection losses reported by message only', () => {
    expect(
      classifyDatabaseFailure(
        new Error('write failed', {
          cause: driverError('SQLITE_FULL', 'database or disk is full'),
        }),
      )?.code,
    ).toBe('SQLITE_FULL');
    expect(classifyDatabaseFailure(new Error('Connection terminated unexpectedly'))).toMatchObject({
      kind: 'storage',
    });
    expect(classifyDatabaseFailure('SQLITE_FULL')).toBeUndefined();
    expect(classifyDatabaseFailure(null)).toBeUndefined();
  });
});
