// npm start: builds the web app when web/dist is missing or older than its sources, then
// starts the server. So the README's one command always serves the whole product.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = newestMtime('web/dist/index.html');
const sourcesAt = Math.max(newestMtime('web/src'), newestMtime('web/index.html'), newestMtime('web/public'), newestMtime('vite.config.ts'));
if (existsSync('web/index.html') && (builtAt === 0 || sourcesAt > builtAt)) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: builtAt === 0 ? 'building the web app (first start)' : 'web app sources changed: rebuilding' }) + '\n');
  const { build } = await import('vite');
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
await import('../main.js');
