/**
 * Copies a whole installation from SQLite to an empty PostgreSQL database
 * (`npm run migrate-to-postgres`). The source is read in one snapshot; the target is written in
 * one transaction, checked (row counts per table, rollups against raw legs) before it commits:
 * a copy that does not check out leaves the target as empty as it found it.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import { expectedMigrationNames, migrateToLatest } from '../db/migrator.js';
import {
  batchRows,
  type CatalogColumn,
  type CatalogTable,
  convertValue,
  nonEmptyTables,
  REFERENCE_TABLES,
  schemaDifferences,
  tablesInDependencyOrder,
} from '../domain/database-copy.js';
import {
  advancePostgresSequences,
  analyzeAllTables,
  beginSqliteSnapshot,
  countRows,
  createAgain,
  type DroppedForCopy,
  deleteAllRows,
  dropIndexesAndForeignKeys,
  insertRows,
  readCatalog,
  readSqliteRows,
} from '../repositories/database-catalog.js';
import { appliedMigrationNames } from '../repositories/health.js';
import { verifyRollups } from '../repositories/rollups.js';

/** The copy was not started: the databases are not fit for it (nothing was written). */
export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

/** The copy ran but did not check out, and was rolled back (the target is left empty). */
export class CopyMismatch extends Error {
  override name = 'CopyMismatch';
}

export interface TableCopy {
  table: string;
  sourceRows: number;
  targetRows: number;
}

export interface CopyReport {
  tables: TableCopy[];
  rowsCopied: number;
  /** Differences between the target's rollups and its raw legs (always 0 in a report). */
  rollupDifferences: number;
  durationMs: number;
}

export interface CopyOptions {
  /** At most this many rows per INSERT (tests use it to copy a small table in many batches). */
  maxRowsPerInsert?: number;
}

export async function copySqliteToPostgres(
  source: Db,
  target: Db,
  log: (line: string) => void = () => {},
  options: CopyOptions = {},
): Promise<CopyReport> {
  const started = performance.now();
  if (!source.sqlite) throw new CopyRefused('the source must be a SQLite database (file:PATH)');
  if (target.dialect !== 'postgres')
    throw new CopyRefused('the target must be a PostgreSQL database (postgres://…)');

  // Both sides must be at this build's migrations, so that "the same schema" means the same
  // migrations, not a lucky match of column names.
  const expected = await expectedMigrationNames();
  const sourceApplied = await appliedMigrationNames(source.kysely).catch(() => [] as string[]);
  if (sourceApplied.join() !== expected.join()) {
    const unknown = sourceApplied.filter((m) => !expected.includes(m));
    throw new CopyRefused(
      unknown.length > 0
        ? `the source has migrations this version does not know (${unknown.join(', ')}): use the version that wrote it`
        : `the source is not at this version's migrations (${sourceApplied.length} of ${expected.length} applied): run \`npm run migrate\` on it first (or start the server once)`,
    );
  }
  await migrateToLatest(target.kysely);

  const sourceCatalog = await readCatalog(source);
  const targetCatalog = await readCatalog(target);
  const differences = schemaDifferences(sourceCatalog, targetCatalog);
  if (differences.length > 0)
    throw new CopyRefused(`the two schemas differ:\n  ${differences.join('\n  ')}`);

  const order = tablesInDependencyOrder(sourceCatalog);
  const inUse = nonEmptyTables(await countRows(target.kysely, order));
  if (inUse.length > 0)
    throw new CopyRefused(
      `the target is not empty (${inUse.join(', ')}): give an empty database, created with CREATE DATABASE`,
    );
  log(`copying ${order.length} tables in dependency order: ${order.join(', ')}`);

  const targetByName = new Map(targetCatalog.map((t) => [t.name, t]));
  const snapshot = beginSqliteSnapshot(source.sqlite);
  try {
    const sourceCounts = await countRows(source.kysely, order);
    const tables = await target.kysely.transaction().execute(async (trx) => {
      // Reference rows the target's server may have written at start-up give way to the source's.
      await deleteAllRows(
        trx,
        [...order].reverse().filter((t) => REFERENCE_TABLES.has(t)),
      );
      for (const name of order) {
        const table = sourceCatalog.find((t) => t.name === name)!;
        const targetColumns = new Map(targetByName.get(name)!.columns.map((c) => [c.name, c]));
        // Source order: the rows are read in it; the types are the target's.
        const columns = table.columns.map((c) => targetColumns.get(c.name)!);
        if ((sourceCounts.get(name) ?? 0) === 0) {
          log(`  ${name}: 0 rows`);
          continue;
        }
        const tableStarted = performance.now();
        const dropped = await dropIndexesAndForeignKeys(trx, name);
        const rowsPerInsert = Math.min(
          batchRows(columns.length),
          options.maxRowsPerInsert ?? Number.POSITIVE_INFINITY,
        );
        const copied = await copyTable(source.sqlite!, trx, table, columns, rowsPerInsert);
        const createStarted = performance.now();
        await createAgain(trx, dropped);
        log(
          `  ${name}: ${copied.toLocaleString('en')} rows${rateOf(copied, tableStarted)}${createdNote(dropped, createStarted)}`,
        );
      }
      await advancePostgresSequences(trx);

      const targetCounts = await countRows(trx, order);
      const tables = order.map((table) => ({
        table,
        sourceRows: sourceCounts.get(table) ?? 0,
        targetRows: targetCounts.get(table) ?? 0,
      }));
      const mismatched = tables.filter((t) => t.sourceRows !== t.targetRows);
      if (mismatched.length > 0)
        throw new CopyMismatch(
          `row counts differ: ${mismatched.map((t) => `${t.table} ${t.sourceRows} in the source, ${t.targetRows} in the target`).join('; ')}`,
        );
      log('row counts equal in every table; verifying the rollups against the raw legs…');
      const verifyStarted = performance.now();
      const diffs = await verifyRollups(trx);
      log(`rollups checked in ${seconds(verifyStarted)} s`);
      if (diffs.length > 0)
        throw new CopyMismatch(
          `${diffs.length} rollup differences on the target, e.g. ${diffs
            .slice(0, 3)
            .map((d) => `${d.table} ${d.key}`)
            .join('; ')}`,
        );
      return tables;
    });
    // The copied tables have no statistics yet: the server's first queries would be planned
    // as if they were empty (autovacuum analyzes them only later).
    log('analyzing the copied tables…');
    const analyzeStarted = performance.now();
    await analyzeAllTables(target.kysely);
    log(`analyzed in ${seconds(analyzeStarted)} s`);
    return {
      tables,
      rowsCopied: tables.reduce((s, t) => s + t.targetRows, 0),
      rollupDifferences: 0,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    snapshot.end();
  }
}

/**
 * Copies one table's rows, converted for the target's column types, a batch per INSERT; returns
 * how many. The next batch is read from SQLite and converted while PostgreSQL inserts the
 * previous one: they are different processes, so the two costs overlap instead of adding up.
 */
async function copyTable(
  sqlite: NonNullable<Db['sqlite']>,
  trx: Kysely<Database>,
  table: CatalogTable,
  columns: CatalogColumn[],
  rowsPerInsert: number,
): Promise<number> {
  const names = columns.map((c) => c.name);
  let copied = 0;
  let inserting: Promise<void> | undefined;
  try {
    for (const batch of readSqliteRows(sqlite, table, rowsPerInsert)) {
      const rows = batch.map((row, i) =>
        row.map((value, j) => {
          try {
            return convertValue(columns[j]!.kind, value);
          } catch (err) {
            throw new CopyMismatch(
              `${table.name}.${names[j]} in row ${copied + i + 1} (${keyOf(table.primaryKey, names, row)}): ${(err as Error).message}`,
            );
          }
        }),
      );
      await inserting;
      inserting = insertRows(trx, table.name, columns, rows);
      copied += rows.length;
    }
    await inserting;
  } catch (err) {
    // A value refused here may come while the previous batch is still being inserted: let
    // that statement finish (or fail) before the caller rolls the transaction back.
    await inserting?.catch(() => {});
    throw err;
  }
  return copied;
}

/** ", then 4 indexes and 3 foreign keys in 1.2 s" (that time is part of the table's). */
function createdNote(dropped: readonly DroppedForCopy[], startedMs: number): string {
  const count = (kind: DroppedForCopy['kind'], one: string, many: string) => {
    const n = dropped.filter((d) => d.kind === kind).length;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  };
  const what = [
    ...count('index', 'index', 'indexes'),
    ...count('foreign key', 'foreign key', 'foreign keys'),
  ];
  return what.length === 0 ? '' : `, then ${what.join(' and ')} in ${seconds(startedMs)} s`;
}

function seconds(startedMs: number): string {
  return ((performance.now() - startedMs) / 1000).toFixed(1);
}

/** " in 12.3 s (18,900 rows/s)" for tables large enough that the rate says something. */
function rateOf(rows: number, startedMs: number): string {
  const seconds = (performance.now() - startedMs) / 1000;
  if (rows < 1000 || seconds <= 0) return '';
  return ` in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`;
}

function keyOf(primaryKey: string[], columns: string[], row: unknown[]): string {
  const key = primaryKey.length > 0 ? primaryKey : columns.slice(0, 1);
  return key.map((k) => `${k}=${String(row[columns.indexOf(k)])}`).join(', ');
}
