/**
 * The migrated schema as each engine describes it (tables, columns, keys), row counts, and the
 * bulk reads and writes of an engine-to-engine copy (services/migrate-to-postgres.ts). The list
 * of tables always comes from the catalog, so a table a new migration adds is copied without
 * anyone editing a list.
 */
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import {
  type CatalogColumn,
  type CatalogTable,
  columnKindOf,
  type PostgresValue,
  type SqliteValue,
  toArrayLiteral,
} from '../domain/database-copy.js';

/** The migrator's own tables: each database records its own migrations, they are not copied. */
const isMigratorTable = (name: string) => name.startsWith('schema_migrations');

/** Every application table with its columns, primary key and foreign keys. */
export async function readCatalog(db: Db): Promise<CatalogTable[]> {
  return db.dialect === 'sqlite' ? readSqliteCatalog(db.kysely) : readPostgresCatalog(db.kysely);
}

async function readSqliteCatalog(k: Kysely<Database>): Promise<CatalogTable[]> {
  const { rows: tables } = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    k,
  );
  const out: CatalogTable[] = [];
  for (const { name } of tables) {
    if (isMigratorTable(name)) continue;
    const { rows: cols } = await sql<{
      name: string;
      type: string;
      pk: number;
    }>`select name, type, pk from pragma_table_info(${name}) order by cid`.execute(k);
    const { rows: fks } = await sql<{
      table: string;
    }>`select distinct "table" from pragma_foreign_key_list(${name})`.execute(k);
    out.push({
      name,
      columns: cols.map((c) => ({
        name: c.name,
        kind: columnKindOf(c.type),
        declaredType: c.type,
      })),
      primaryKey: cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      foreignKeys: fks.map((f) => ({ references: f.table })),
    });
  }
  return out;
}

async function readPostgresCatalog(k: Kysely<Database>): Promise<CatalogTable[]> {
  const { rows: cols } = await sql<{
    table: string;
    column: string;
    type: string;
    udt: string;
  }>`select table_name as "table", column_name as "column", data_type as "type",
            udt_name as "udt"
       from information_schema.columns
      where table_schema = current_schema()
      order by table_name, ordinal_position`.execute(k);
  const { rows: keys } = await sql<{
    table: string;
    columns: string[];
  }>`select c.conrelid::regclass::text as "table",
            array(select a.attname from unnest(c.conkey) with ordinality u(n, i)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = u.n
                   order by u.i)::text[] as "columns"
       from pg_constraint c
      where c.contype = 'p' and c.connamespace = current_schema()::regnamespace`.execute(k);
  const { rows: fks } = await sql<{
    table: string;
    references: string;
  }>`select distinct c.conrelid::regclass::text as "table", c.confrelid::regclass::text as "references"
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = current_schema()::regnamespace`.execute(k);
  const byTable = new Map<string, CatalogTable>();
  for (const c of cols) {
    if (isMigratorTable(c.table)) continue;
    let t = byTable.get(c.table);
    if (!t) {
      t = { name: c.table, columns: [], primaryKey: [], foreignKeys: [] };
      byTable.set(c.table, t);
    }
    t.columns.push({ name: c.column, kind: columnKindOf(c.type), declaredType: c.udt });
  }
  for (const key of keys) {
    const t = byTable.get(key.table);
    if (t) t.primaryKey = key.columns;
  }
  for (const fk of fks) byTable.get(fk.table)?.foreignKeys.push({ references: fk.references });
  return [...byTable.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Rows per table. */
export async function countRows(
  k: Kysely<Database>,
  tables: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const table of tables) {
    const { rows } = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(k);
    out.set(table, Number(rows[0]?.n ?? 0));
  }
  return out;
}

/**
 * Reads a SQLite table in primary-key order (rowid when it has none), `batch` rows at a time, as
 * arrays in the order of `columns`. Integers come back as BigInt, so 64-bit values stay exact.
 * The caller holds a read transaction around all reads to see one snapshot of the database.
 */
export function* readSqliteRows(
  sqlite: SQLite.Database,
  table: CatalogTable,
  batch: number,
): Generator<SqliteValue[][]> {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const order = table.primaryKey.length > 0 ? table.primaryKey.map(quote).join(', ') : 'rowid';
  const statement = sqlite
    .prepare(
      `select ${table.columns.map((c) => quote(c.name)).join(', ')} from ${quote(table.name)} order by ${order}`,
    )
    .raw(true)
    .safeIntegers(true);
  let rows: SqliteValue[][] = [];
  for (const row of statement.iterate() as IterableIterator<SqliteValue[]>) {
    rows.push(row);
    if (rows.length >= batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/** A read transaction on a SQLite connection: every read inside sees the same snapshot (WAL). */
export function beginSqliteSnapshot(sqlite: SQLite.Database): { end(): void } {
  sqlite.exec('begin');
  // A deferred BEGIN takes its snapshot at the first read: read now so it starts here.
  sqlite.prepare('select count(*) from sqlite_master').get();
  return {
    end: () => {
      if (sqlite.inTransaction) sqlite.exec('rollback');
    },
  };
}

/**
 * PostgreSQL: one INSERT of `rows` (values in the order of `columns`) with one array parameter
 * per column, unpacked by `unnest`. One parameter per value would cap a statement at 65,535
 * values and make the driver and the server handle each of them as a separate parameter; the
 * arrays keep the statement text and its parameter count the same whatever the batch size.
 * Each array is cast to its column's type, so PostgreSQL parses the values as it would in a
 * plain INSERT (a value it cannot take fails the statement, and with it the transaction).
 */
export async function insertRows(
  k: Kysely<Database>,
  table: string,
  columns: readonly CatalogColumn[],
  rows: PostgresValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const arrays = columns.map((column, j) => {
    const literal = toArrayLiteral(rows.map((row) => row[j] ?? null));
    return sql`${literal}::${sql.id(column.declaredType)}[]`;
  });
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
            select * from unnest(${sql.join(arrays)})`.execute(k);
}

/** An index or foreign key dropped for a bulk copy, with the statement that creates it again. */
export interface DroppedForCopy {
  kind: 'index' | 'foreign key';
  name: string;
  createAgain: string;
}

/**
 * PostgreSQL: drops what makes each inserted row of `table` cost more than the row itself, and
 * returns how to create it again: the indexes that only speed up reads (not the primary key, a
 * unique index or an index behind a constraint) and the table's foreign keys. Filling the table
 * and then building each index in one sort, and checking each foreign key in one join when it
 * is added again, costs a fraction of updating the indexes and running a foreign-key trigger
 * (one look-up in the referenced table) row by row. Nothing is skipped: every row is checked
 * when the key is added again, in the copy's transaction, where a rollback undoes the drop too.
 */
export async function dropIndexesAndForeignKeys(
  k: Kysely<Database>,
  table: string,
): Promise<DroppedForCopy[]> {
  const { rows } = await sql<DroppedForCopy>`
     select 'index' as "kind", i.indexrelid::regclass::text as "name",
            pg_get_indexdef(i.indexrelid) as "createAgain"
       from pg_index i
      where i.indrelid = quote_ident(${table})::regclass
        and not i.indisprimary and not i.indisunique
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     union all
     select 'foreign key', quote_ident(c.conname),
            format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname,
                   pg_get_constraintdef(c.oid))
       from pg_constraint c
      where c.conrelid = quote_ident(${table})::regclass and c.contype = 'f'
      order by 1, 2`.execute(k);
  // The names and statements come from the catalog (already quoted where they need to be).
  for (const dropped of rows)
    if (dropped.kind === 'index') await sql`drop index ${sql.raw(dropped.name)}`.execute(k);
    else
      await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(dropped.name)}`.execute(
        k,
      );
  return rows;
}

/**
 * PostgreSQL: creates again what `dropIndexesAndForeignKeys` dropped, indexes first; adding a
 * foreign key checks every row against the referenced table and fails naming the constraint
 * and the first key that has no match.
 */
export async function createAgain(
  k: Kysely<Database>,
  dropped: readonly DroppedForCopy[],
): Promise<void> {
  for (const d of dropped.filter((x) => x.kind === 'index'))
    await sql.raw(d.createAgain).execute(k);
  for (const d of dropped.filter((x) => x.kind === 'foreign key'))
    await sql.raw(d.createAgain).execute(k);
}

/** Planner statistics for every table (PostgreSQL): after a bulk copy, before the first query. */
export async function analyzeAllTables(k: Kysely<Database>): Promise<void> {
  await sql`analyze`.execute(k);
}

/** Deletes every row of `tables`, in the given order (dependents first). */
export async function deleteAllRows(k: Kysely<Database>, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql`delete from ${sql.table(table)}`.execute(k);
}

/**
 * PostgreSQL: moves every sequence behind a serial or identity column past the copied values,
 * so the next generated id does not collide with a copied one. (Today's schema has none: ids are
 * text; this keeps a future migration's serial column correct without anyone remembering it.)
 */
export async function advancePostgresSequences(k: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{
    table: string;
    column: string;
  }>`select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema()
        and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(k);
  for (const r of rows) {
    if (isMigratorTable(r.table)) continue;
    await sql`select setval(pg_get_serial_sequence(${r.table}, ${r.column}),
                            coalesce((select max(${sql.ref(r.column)}) from ${sql.table(r.table)}), 0) + 1, false)`.execute(
      k,
    );
  }
}
