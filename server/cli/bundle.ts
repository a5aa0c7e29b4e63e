import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';

export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Bundles an entry next to where the sources expect migrations/ and docs/ (two levels up). */
export async function bundleServer(entry: string, outfile: string): Promise<void> {
  const builtAt = newestMtime(outfile);
  const sourcesAt = Math.max(
    newestMtime('server'),
    newestMtime('data'),
    newestMtime('bench'),
    newestMtime(entry),
    newestMtime('package-lock.json'),
  );
  if (builtAt > sourcesAt) return;
  await esbuild({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}
