/**
 * Copies a whole installation from SQLite to an empty PostgreSQL database
 * (`npm run migrate-to-postgres`). The source is read in one snapshot; the target is written in
 * one transaction, checked (row counts per table, rollups against raw legs) before it commits:
 * a copy that does not check out leaves the target as empty as it found it.
 */
import type { Db } from '../db/connection.js';
import { expectedMigrationNames, migrateToLatest } from '../db/migrator.js';
import {
  batchRows,
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
  deleteAllRows,
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

export async function copySqliteToPostgres(
  source: Db,
  target: Db,
  log: (line: string) => void = () => {},
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

  const targetKinds = new Map(
    targetCatalog.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.kind]))]),
  );
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
        const kinds = targetKinds.get(name)!;
        const columns = table.columns.map((c) => c.name);
        const columnKinds = columns.map((c) => kinds.get(c)!);
        let copied = 0;
        for (const batch of readSqliteRows(source.sqlite!, table, batchRows(columns.length))) {
          const rows = batch.map((row, i) =>
            row.map((value, j) => {
              try {
                return convertValue(columnKinds[j]!, value);
              } catch (err) {
                throw new CopyMismatch(
                  `${name}.${columns[j]} in row ${copied + i + 1} (${keyOf(table.primaryKey, columns, row)}): ${(err as Error).message}`,
                );
              }
            }),
          );
          await insertRows(trx, name, columns, rows);
          copied += rows.length;
        }
        log(`  ${name}: ${copied.toLocaleString('en')} rows`);
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
      const diffs = await verifyRollups(trx);
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
    await analyzeAllTables(target.kysely);
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

function keyOf(primaryKey: string[], columns: string[], row: unknown[]): string {
  const key = primaryKey.length > 0 ? primaryKey : columns.slice(0, 1);
  return key.map((k) => `${k}=${String(row[columns.indexOf(k)])}`).join(', ');
}
