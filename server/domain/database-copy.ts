/**
 * Pure rules for copying an installation from one database engine to another
 * (`npm run migrate-to-postgres`) and for judging whether a database is empty enough to receive
 * a copy or a restored backup. No I/O: the catalog is read by repositories/database-catalog.ts.
 */

/** How a column's values are stored, by SQLite's affinity rules, which PostgreSQL's types map onto. */
export type ColumnKind =
  | 'text'
  | 'integer'
  | 'real'
  | 'numeric'
  | 'boolean'
  | 'json'
  | 'timestamp'
  | 'blob';

export interface CatalogColumn {
  name: string;
  kind: ColumnKind;
  /**
   * The type as the engine names it (SQLite's declared type, PostgreSQL's type name such as
   * `float8`): a bulk insert into PostgreSQL casts each column's array of values to it.
   */
  declaredType: string;
}

export interface CatalogForeignKey {
  /** The referenced table. */
  references: string;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  /** Primary-key columns in key order (empty when the table has none). */
  primaryKey: string[];
  foreignKeys: CatalogForeignKey[];
}

/**
 * Tables the server fills from its own shipped files at every start-up (data/factor-sets.json):
 * rows there do not make a database "in use", and a copy replaces them with the source's.
 */
export const REFERENCE_TABLES: ReadonlySet<string> = new Set(['factor_sets']);

/** A declared column type (SQLite's declared type or PostgreSQL's data_type) to its kind. */
export function columnKindOf(declared: string): ColumnKind {
  const t = declared.trim().toLowerCase();
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'json' || t === 'jsonb') return 'json';
  if (t.startsWith('timestamp') || t === 'date' || t.startsWith('time')) return 'timestamp';
  if (t.includes('int')) return 'integer';
  if (/char|clob|text/.test(t)) return 'text';
  if (t.includes('blob') || t === 'bytea' || t === '') return 'blob';
  if (/real|floa|doub/.test(t)) return 'real';
  return 'numeric';
}

/** The kinds a PostgreSQL column may have for values SQLite stored under `source`. */
function compatible(source: ColumnKind, target: ColumnKind): boolean {
  if (source === target) return true;
  // SQLite has no boolean, JSON or timestamp storage: the portable migrations keep them as
  // 0/1 integers and ISO text, and a target declared with the richer type takes those values.
  if (target === 'boolean') return source === 'integer' || source === 'numeric';
  if (target === 'json' || target === 'timestamp') return source === 'text';
  if (target === 'numeric') return source === 'integer' || source === 'real';
  return false;
}

/** Differences between two migrated schemas that forbid a row-by-row copy (empty when none). */
export function schemaDifferences(source: CatalogTable[], target: CatalogTable[]): string[] {
  const out: string[] = [];
  const targetByName = new Map(target.map((t) => [t.name, t]));
  const sourceNames = new Set(source.map((t) => t.name));
  for (const t of target)
    if (!sourceNames.has(t.name)) out.push(`table ${t.name} only in the target`);
  for (const s of source) {
    const t = targetByName.get(s.name);
    if (!t) {
      out.push(`table ${s.name} only in the source`);
      continue;
    }
    const targetCols = new Map(t.columns.map((c) => [c.name, c]));
    const sourceCols = new Set(s.columns.map((c) => c.name));
    for (const c of t.columns)
      if (!sourceCols.has(c.name)) out.push(`column ${s.name}.${c.name} only in the target`);
    for (const c of s.columns) {
      const tc = targetCols.get(c.name);
      if (!tc) out.push(`column ${s.name}.${c.name} only in the source`);
      else if (!compatible(c.kind, tc.kind))
        out.push(`column ${s.name}.${c.name}: ${c.kind} in the source, ${tc.kind} in the target`);
    }
  }
  return out;
}

/**
 * Tables in an order where every table comes after the tables it references, so that rows can
 * be inserted with foreign keys checked (ties broken by name, for a stable order). A table that
 * references itself is fine (its rows are inserted in key order); a cycle between tables is not,
 * and is refused by name rather than copied with checks off.
 */
export function tablesInDependencyOrder(tables: CatalogTable[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const deps = new Map(
    tables.map((t) => [
      t.name,
      new Set(t.foreignKeys.map((f) => f.references).filter((r) => r !== t.name && names.has(r))),
    ]),
  );
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...deps.entries()]
      .filter(([name, d]) => !done.has(name) && [...d].every((x) => done.has(x)))
      .map(([name]) => name)
      .sort();
    if (ready.length === 0) {
      const left = [...deps.keys()].filter((n) => !done.has(n)).sort();
      throw new Error(`foreign keys form a cycle between tables ${left.join(', ')}`);
    }
    for (const name of ready) {
      order.push(name);
      done.add(name);
    }
  }
  return order;
}

/** A value as read from SQLite (better-sqlite3 with safe integers). */
export type SqliteValue = string | number | bigint | Buffer | Uint8Array | null;
/** A value as the pg driver sends it. */
export type PostgresValue = string | number | boolean | Buffer | null;

/**
 * One SQLite value for a PostgreSQL column of `kind`. Integers are read as BigInt so that
 * 64-bit values (tracker timestamps in ms, counters) cross exactly, and sent as decimal text.
 * A value that does not fit the column throws with the reason, so the caller can name the row.
 */
export function convertValue(kind: ColumnKind, value: SqliteValue): PostgresValue {
  if (value === null) return null;
  switch (kind) {
    case 'integer':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return value.toString();
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return value.trim();
      throw new Error(`${describe(value)} is not an integer`);
    case 'real':
    case 'numeric':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return String(value); // 'Infinity'/'NaN' are valid doubles
        return value;
      }
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return value.trim();
      throw new Error(`${describe(value)} is not a number`);
    case 'boolean':
      if (value === 0 || value === 0n || value === '0') return false;
      if (value === 1 || value === 1n || value === '1') return true;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new Error(`${describe(value)} is not a boolean (0 or 1)`);
    case 'json':
      if (typeof value !== 'string') throw new Error(`${describe(value)} is not JSON text`);
      try {
        JSON.parse(value);
      } catch {
        throw new Error(`${describe(value)} is not valid JSON`);
      }
      return value;
    case 'timestamp':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw new Error(`${describe(value)} is not a timestamp`);
    case 'blob':
      if (value instanceof Uint8Array) return Buffer.from(value);
      if (typeof value === 'string') return Buffer.from(value, 'utf8');
      throw new Error(`${describe(value)} is not binary`);
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
      // Text columns hold UTF-8; a blob stored in one by hand is refused rather than guessed at.
      throw new Error(`${describe(value)} is binary in a text column`);
  }
}

function describe(value: SqliteValue): string {
  if (value instanceof Uint8Array) return `a ${value.length}-byte blob`;
  const s = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Rows per INSERT for a table of `columnCount` columns. The insert sends one array per column
 * (not one parameter per value), so PostgreSQL's 65,535-parameter limit does not bind; about
 * 250,000 values a statement keep each round trip long enough that its fixed cost (parse,
 * plan, a network turn) is small, and its arrays (a few tens of MB at most) small in memory.
 */
export function batchRows(columnCount: number): number {
  return Math.max(1, Math.min(20_000, Math.floor(250_000 / Math.max(1, columnCount))));
}

/**
 * A column's values as one PostgreSQL array literal (`{"a","b",NULL}`), for a bulk insert that
 * sends an array per column. Written here rather than left to the pg driver, whose general
 * serializer runs two regular-expression replaces on every element and was most of the copy's
 * time in the process; here only an element holding a quote or a backslash is rewritten.
 * Every element but NULL is quoted, so no value can be read as a NULL or a nested array.
 */
export function toArrayLiteral(values: readonly PostgresValue[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'string')
      parts[i] = NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
    else if (typeof value === 'number' || typeof value === 'boolean') parts[i] = `"${value}"`;
    // bytea's hex input (\x…), its backslash escaped for the array's own quoting.
    else parts[i] = `"\\\\x${value.toString('hex')}"`;
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/** Tables holding rows that make a database an installation in use (not empty). */
export function nonEmptyTables(counts: ReadonlyMap<string, number>): string[] {
  return [...counts.entries()]
    .filter(([table, n]) => n > 0 && !REFERENCE_TABLES.has(table))
    .map(([table, n]) => `${table} (${n})`)
    .sort();
}
