/**
 * Migrations equal in effect: the same files run on SQLite and PostgreSQL from an empty database
 * must give the same schema. Run by `npm run test:pg` only (it needs both engines).
 */
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { openEmptyPostgres } from '../engine.js';

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}
interface Index {
  name: string | null;
  columns: string[];
  unique: boolean;
  partial: boolean;
}
interface ForeignKey {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  /** UNIQUE constraints (inline or table-level): unnamed, since the engines name them differently. */
  uniques: string[][];
  /** CREATE INDEX statements, by name. */
  indexes: Index[];
  foreignKeys: ForeignKey[];
}
type Schema = Record<string, Table>;

/** A declared type to its storage class, by SQLite's affinity rules (§3.1 of its datatype page), which PostgreSQL's types map onto. */
function normaliseType(declared: string): string {
  const t = declared.toLowerCase();
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t.includes('int')) return 'integer';
  if (/char|clob|text/.test(t)) return 'text';
  if (t.includes('blob') || t === 'bytea' || t === '') return 'blob';
  if (/real|floa|doub/.test(t)) return 'real';
  return 'numeric';
}

const ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

const bySig = <T>(items: T[]) =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function sqliteSchema(k: Kysely<any>): Promise<Schema> {
  const tables = (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(k)
  ).rows.map((r) => r.name);
  const schema: Schema = {};
  for (const table of tables) {
    const cols = (
      await sql<{
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }>`select name, type, "notnull", pk from pragma_table_info(${table})`.execute(k)
    ).rows;
    const primaryKey = cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexList = (
      await sql<{
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }>`select name, "unique", origin, partial from pragma_index_list(${table})`.execute(k)
    ).rows;
    const uniques: string[][] = [];
    const indexes: Index[] = [];
    for (const ix of indexList) {
      if (ix.origin === 'pk') continue;
      const columns = (
        await sql<{
          seqno: number;
          name: string | null;
        }>`select seqno, name from pragma_index_info(${ix.name}) order by seqno`.execute(k)
      ).rows.map((c) => c.name ?? '<expression>');
      if (ix.origin === 'u') uniques.push(columns);
      else
        indexes.push({
          name: ix.name,
          columns,
          unique: ix.unique === 1,
          partial: ix.partial === 1,
        });
    }
    const fkRows = (
      await sql<{
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string | null;
        on_update: string;
        on_delete: string;
      }>`select id, seq, "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table}) order by id, seq`.execute(
        k,
      )
    ).rows;
    const fks = new Map<number, ForeignKey>();
    for (const r of fkRows) {
      let fk = fks.get(r.id);
      if (!fk) {
        fk = {
          columns: [],
          references: r.table,
          referencedColumns: [],
          onDelete: r.on_delete,
          onUpdate: r.on_update,
        };
        fks.set(r.id, fk);
      }
      fk.columns.push(r.from);
      if (r.to) fk.referencedColumns.push(r.to);
    }
    schema[table] = {
      columns: cols
        .map((c) => ({
          name: c.name,
          type: normaliseType(c.type),
          // A primary key column is NOT NULL on PostgreSQL whether declared or not; SQLite
          // allows NULL in one unless declared (a documented legacy quirk), never used here.
          notNull: c.notnull === 1 || c.pk > 0,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      primaryKey,
      uniques: bySig(uniques),
      indexes: bySig(indexes),
      foreignKeys: [...fks.values()],
    };
  }
  // A foreign key naming no column refers to the referenced table's primary key.
  for (const t of Object.values(schema))
    for (const fk of t.foreignKeys)
      if (fk.referencedColumns.length === 0)
        fk.referencedColumns = [...(schema[fk.references]?.primaryKey ?? [])];
  for (const t of Object.values(schema)) t.foreignKeys = bySig(t.foreignKeys);
  return schema;
}

async function postgresSchema(k: Kysely<any>): Promise<Schema> {
  const tables = (
    await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      k,
    )
  ).rows.map((r) => r.table_name);
  const schema: Schema = {};
  for (const table of tables) {
    const cols = (
      await sql<{
        column_name: string;
        data_type: string;
        is_nullable: string;
      }>`select column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' and table_name = ${table}`.execute(
        k,
      )
    ).rows;
    // Every index of the table, with its columns in order (0 in indkey: an expression).
    const ix = (
      await sql<{
        name: string;
        unique: boolean;
        primary: boolean;
        partial: boolean;
        constraint_type: string | null;
        columns: string[];
      }>`select ci.relname as name, i.indisunique as unique, i.indisprimary as primary,
                i.indpred is not null as partial, c.contype as constraint_type,
                array(select coalesce(a.attname, '<expression>')
                        from unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
                        left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum and k.attnum > 0
                       order by k.ord)::text[] as columns
           from pg_index i
           join pg_class ci on ci.oid = i.indexrelid
           join pg_class t on t.oid = i.indrelid
           join pg_namespace n on n.oid = t.relnamespace
           left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('p', 'u')
          where n.nspname = 'public' and t.relname = ${table}`.execute(k)
    ).rows;
    const fkRows = (
      await sql<{
        columns: string[];
        references: string;
        referenced_columns: string[];
        confdeltype: string;
        confupdtype: string;
      }>`select array(select a.attname from unnest(c.conkey) with ordinality as k(attnum, ord)
                         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.ord)::text[] as columns,
                rt.relname as references,
                array(select a.attname from unnest(c.confkey) with ordinality as k(attnum, ord)
                         join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.ord)::text[] as referenced_columns,
                c.confdeltype, c.confupdtype
           from pg_constraint c
           join pg_class t on t.oid = c.conrelid
           join pg_class rt on rt.oid = c.confrelid
           join pg_namespace n on n.oid = t.relnamespace
          where c.contype = 'f' and n.nspname = 'public' and t.relname = ${table}`.execute(k)
    ).rows;
    const pk = ix.find((i) => i.primary);
    schema[table] = {
      columns: cols
        .map((c) => ({
          name: c.column_name,
          type: normaliseType(c.data_type),
          notNull: c.is_nullable === 'NO',
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      primaryKey: pk ? pk.columns : [],
      uniques: bySig(ix.filter((i) => i.constraint_type === 'u').map((i) => i.columns)),
      indexes: bySig(
        ix
          .filter((i) => !i.primary && i.constraint_type === null)
          .map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, partial: i.partial })),
      ),
      foreignKeys: bySig(
        fkRows.map((r) => ({
          columns: r.columns,
          references: r.references,
          referencedColumns: r.referenced_columns,
          onDelete: ACTIONS[r.confdeltype]!,
          onUpdate: ACTIONS[r.confupdtype]!,
        })),
      ),
    };
  }
  return schema;
}

describe('migrations on SQLite and PostgreSQL', () => {
  it('apply the same migrations and build the same schema from an empty database', async () => {
    const lite = openSqlite(':memory:');
    const pg = await openEmptyPostgres();
    try {
      const appliedLite = await migrateToLatest(lite.kysely);
      const appliedPg = await migrateToLatest(pg.kysely);
      expect(appliedPg.applied).toEqual(appliedLite.applied);
      expect(appliedLite.applied.length).toBeGreaterThan(12);

      const a = await sqliteSchema(lite.kysely);
      const b = await postgresSchema(pg.kysely);
      // Table by table, so a failure names the table that differs.
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const table of Object.keys(a))
        expect({ table, ...b[table] }).toEqual({ table, ...a[table] });
      // The comparison sees what it should: a known unique index, a cascade, a composite key.
      expect(a.accounts!.uniques).toContainEqual(['email']);
      expect(a.accounts!.foreignKeys).toContainEqual(
        expect.objectContaining({ columns: ['commuter_id'], onDelete: 'CASCADE' }),
      );
      expect(Object.values(a).some((t) => t.primaryKey.length > 1)).toBe(true);
    } finally {
      await lite.close();
      await pg.close();
    }
  });

  it('the comparison tells a differing column type, nullability, index or foreign key apart', async () => {
    // The same table built differently on each engine must not compare equal.
    const lite = openSqlite(':memory:');
    const pg = await openEmptyPostgres();
    try {
      await sql`create table p (id text primary key)`.execute(lite.kysely);
      await sql`create table p (id text primary key)`.execute(pg.kysely);
      await sql`create table t (a integer not null, b text references p (id) on delete cascade, c double precision)`.execute(
        lite.kysely,
      );
      await sql`create table t (a bigint, b text references p (id), c text)`.execute(pg.kysely);
      await sql`create index t_a on t (a)`.execute(lite.kysely);
      await sql`create unique index t_a on t (a)`.execute(pg.kysely);
      const a = await sqliteSchema(lite.kysely);
      const b = await postgresSchema(pg.kysely);
      expect(a.t!.columns.find((c) => c.name === 'a')).toEqual({
        name: 'a',
        type: 'integer',
        notNull: true,
      });
      expect(b.t!.columns.find((c) => c.name === 'a')).toEqual({
        name: 'a',
        type: 'integer',
        notNull: false,
      });
      expect(b.t!.columns.find((c) => c.name === 'c')!.type).toBe('text');
      expect(a.t!.columns.find((c) => c.name === 'c')!.type).toBe('real');
      expect(a.t!.indexes[0]!.unique).toBe(false);
      expect(b.t!.indexes[0]!.unique).toBe(true);
      expect(a.t!.foreignKeys[0]!.onDelete).toBe('CASCADE');
      expect(b.t!.foreignKeys[0]!.onDelete).toBe('NO ACTION');
      expect(b.p).toEqual(a.p);
    } finally {
      await lite.close();
      await pg.close();
    }
  });
});
