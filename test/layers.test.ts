import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of docs/architecture.md, checked on the imports: pure rules stay testable
 * without a database or a server, and the HTTP answer is decided above the repositories.
 */

const server = join(import.meta.dirname, '../server');

function sourcesOf(dir: string): Array<[string, string]> {
  return readdirSync(join(server, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [`${dir}/${f}`, readFileSync(join(server, dir, f), 'utf8')]);
}

const importsOf = (source: string) =>
  [...source.matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);

describe('layers', () => {
  it.each(['domain', 'indicators'])(
    'server/%s imports no Kysely, Hono, node: module or HTTP error',
    (dir) => {
      for (const [file, source] of sourcesOf(dir)) {
        for (const from of importsOf(source))
          expect(from, file).not.toMatch(
            /^(kysely|hono|@hono\/|node:)|errors\.js$|\/(repositories|routes|services|db)\//,
          );
      }
    },
  );

  it('server/repositories import neither the HTTP error type nor Hono', () => {
    for (const [file, source] of sourcesOf('repositories')) {
      for (const from of importsOf(source))
        expect(from, file).not.toMatch(/^(hono|@hono\/)|errors\.js$|\/(routes|services)\//);
    }
  });
});
