import { describe, expect, it } from 'vitest';
import {
  batchRows,
  type CatalogTable,
  columnKindOf,
  convertValue,
  nonEmptyTables,
  schemaDifferences,
  tablesInDependencyOrder,
  toArrayLiteral,
} from '../../server/domain/database-copy.js';

const table = (name: string, references: string[] = [], columns = ['id']): CatalogTable => ({
  name,
  columns: columns.map((c) => ({ name: c, kind: 'text', declaredType: 'text' })),
  primaryKey: ['id'],
  foreignKeys: references.map((r) => ({ references: r })),
});

describe('tablesInDependencyOrder', () => {
  it('puts every table after the tables it references, whatever the input order', () => {
    const tables = [
      table('legs', ['trips']),
      table('trips', ['commuters', 'partners', 'sites']),
      table('commuters', ['partners', 'sites']),
      table('sites', ['partners']),
      table('partners'),
      table('accounts', ['partners', 'commuters', 'accounts']), // self-reference is fine
    ];
    const order = tablesInDependencyOrder(tables);
    expect(order).toHaveLength(6);
    for (const t of tables)
      for (const fk of t.foreignKeys)
        if (fk.references !== t.name)
          expect(order.indexOf(fk.references), `${t.name} → ${fk.references}`).toBeLessThan(
            order.indexOf(t.name),
          );
    expect(tablesInDependencyOrder([...tables].reverse())).toEqual(order);
  });

  it('refuses a cycle between tables by name', () => {
    expect(() =>
      tablesInDependencyOrder([table('a', ['b']), table('b', ['a']), table('c')]),
    ).toThrow('foreign keys form a cycle between tables a, b');
  });
});

describe('convertValue: one SQLite value for a PostgreSQL column of each kind', () => {
  it.each([
    ['integer', 9007199254740993n, '9007199254740993'], // 2^53 + 1 stays exact
    ['integer', -4n, '-4'],
    ['real', 5.25, 5.25],
    ['real', 3n, '3'],
    ['boolean', 1n, true],
    ['boolean', 0n, false],
    ['json', '{"a":[1,2]}', '{"a":[1,2]}'],
    ['timestamp', '2011-03-01T06:45:00.000Z', '2011-03-01T06:45:00.000Z'],
    ['text', 'Skanderborg', 'Skanderborg'],
    ['text', 12n, '12'],
    ['text', null, null],
  ] as const)('%s %s', (kind, value, expected) => {
    expect(convertValue(kind, value)).toEqual(expected);
  });

  it('copies blobs byte for byte', () => {
    const out = convertValue('blob', Buffer.from([0, 255, 16]));
    expect(Buffer.isBuffer(out) && [...out]).toEqual([0, 255, 16]);
  });

  it.each([
    ['integer', 1.5, '1.5 is not an integer'],
    ['integer', 'seven', '"seven" is not an integer'],
    ['real', 'heavy', '"heavy" is not a number'],
    ['boolean', 2n, '2 is not a boolean (0 or 1)'],
    ['json', '{broken', '"{broken" is not valid JSON'],
    ['timestamp', 'yesterday', '"yesterday" is not a timestamp'],
    ['blob', 5n, '5 is not binary'],
    ['text', Buffer.from('ab'), 'a 2-byte blob is binary in a text column'],
  ] as const)('refuses a %s column holding %s', (kind, value, message) => {
    expect(() => convertValue(kind, value)).toThrow(message);
  });
});

describe('schemaDifferences', () => {
  it('is empty for the same tables and compatible kinds, and names each difference', () => {
    const source = [table('trips', [], ['id', 'flag', 'extra']), table('legs')];
    source[0]!.columns[1]!.kind = 'integer';
    const target = [table('trips', [], ['id', 'flag']), table('audit')];
    target[0]!.columns[1]!.kind = 'boolean';
    expect(
      schemaDifferences([source[0]!], [{ ...source[0]!, columns: [...source[0]!.columns] }]),
    ).toEqual([]);
    expect(schemaDifferences(source, target)).toEqual([
      'table audit only in the target',
      'column trips.extra only in the source',
      'table legs only in the source',
    ]);
    target[0]!.columns[1]!.kind = 'blob';
    expect(schemaDifferences(source.slice(0, 1), target.slice(0, 1))).toContain(
      'column trips.flag: integer in the source, blob in the target',
    );
  });
});

describe('column kinds and bounds', () => {
  it.each([
    ['TEXT', 'text'],
    ['text', 'text'],
    ['INTEGER', 'integer'],
    ['bigint', 'integer'],
    ['DOUBLE PRECISION', 'real'],
    ['boolean', 'boolean'],
    ['jsonb', 'json'],
    ['timestamp with time zone', 'timestamp'],
    ['bytea', 'blob'],
    ['BLOB', 'blob'],
  ] as const)('%s is %s', (declared, kind) => {
    expect(columnKindOf(declared)).toBe(kind);
  });

  it('sizes a batch by values, at most 20,000 rows and at least one', () => {
    for (const columns of [1, 12, 31, 200, 70_000, 300_000])
      expect(batchRows(columns) * columns).toBeLessThanOrEqual(Math.max(250_000, columns));
    expect(batchRows(1)).toBe(20_000);
    expect(batchRows(20)).toBe(12_500);
    expect(batchRows(300_000)).toBe(1);
  });

  it('writes a column as a PostgreSQL array literal, quoting and escaping each element', () => {
    expect(toArrayLiteral(['a', 'say "hi"', 'C:\\x', 'NULL', '', '{,}', null, 1.5, -2, true])).toBe(
      '{"a","say \\"hi\\"","C:\\\\x","NULL","","{,}",NULL,"1.5","-2","true"}',
    );
    expect(toArrayLiteral([Buffer.from([0, 255, 16])])).toBe('{"\\\\x00ff10"}');
    expect(toArrayLiteral([])).toBe('{}');
  });

  it('counts reference rows the server writes at start-up as empty', () => {
    const counts = new Map([
      ['factor_sets', 4],
      ['trips', 0],
      ['legs', 3],
    ]);
    expect(nonEmptyTables(counts)).toEqual(['legs (3)']);
  });
});
