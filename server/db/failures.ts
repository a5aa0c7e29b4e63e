/**
 * Which database errors are the storage's fault rather than the request's or the code's.
 * Pure: it reads the `code` (and `cause`) of what the driver threw, nothing else, so the error
 * handler, the trip writer and the health report all classify the same way.
 */

/**
 * `busy`: another connection (a second server, a CLI) held the write lock longer than the busy
 * timeout; trying again shortly usually works. `storage`: the database cannot be written or
 * reached (disk full, I/O error, read-only file or server, connection refused); an operator
 * has to act.
 */
export type DatabaseFailureKind = 'busy' | 'storage';

export interface DatabaseFailure {
  kind: DatabaseFailureKind;
  /** The driver's own code: `SQLITE_FULL`, `SQLITE_READONLY_DBMOVED`, PostgreSQL's `53100`, `ECONNREFUSED`... */
  code: string;
  /** The driver's own message, for the log and the health report (never for API callers). */
  message: string;
}

// PostgreSQL SQLSTATEs (Appendix A of its manual). Lock and serialization conflicts are worth
// a retry; the rest means the server cannot take writes now.
const PG_BUSY = new Set(['55P03', '40001', '40P01', '55006']);
const PG_STORAGE_CLASSES = ['08', '53', '58']; // connection exception, insufficient resources, system error
const PG_STORAGE = new Set(['25006', '57P01', '57P02', '57P03']);
// Node's socket errors when the PostgreSQL server is down or unreachable.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

function classifyCode(code: string): DatabaseFailureKind | undefined {
  if (code.startsWith('SQLITE_')) {
    // better-sqlite3 reports extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE...): the
    // primary code is the prefix.
    if (/^SQLITE_(BUSY|LOCKED)(_|$)/.test(code)) return 'busy';
    if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB|PROTOCOL)(_|$)/.test(code))
      return 'storage';
    return undefined;
  }
  if (NETWORK_CODES.has(code)) return 'storage';
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (PG_BUSY.has(code)) return 'busy';
    if (PG_STORAGE.has(code) || PG_STORAGE_CLASSES.includes(code.slice(0, 2))) return 'storage';
  }
  return undefined;
}

// pg's pool and client report a lost or unobtainable connection without a code.
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** The storage failure behind `err` (looking through `cause`), or undefined for any other error. */
export function classifyDatabaseFailure(err: unknown): DatabaseFailure | undefined {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(e);
    if (typeof code === 'string') {
      const kind = classifyCode(code);
      if (kind) return { kind, code, message: text };
    } else if (PG_CONNECTION_MESSAGES.test(text)) {
      return { kind: 'storage', code: 'PG_CONNECTION', message: text };
    }
  }
  return undefined;
}
