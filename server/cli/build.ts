// npm start runs this first: builds the web app when web/dist is missing or older than its
// sources, and bundles the server into dist/server/main.mjs, so that the server itself runs on
// plain Node.js (no TypeScript loader in the serving process: less memory, faster start).
import { existsSync } from 'node:fs';
import { bundleServer, newestMtime } from './bundle.js';

const log = (msg: string) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg })}\n`,
  );

const webBuiltAt = newestMtime('web/dist/index.html');
const webSourcesAt = Math.max(
  newestMtime('web/src'),
  newestMtime('web/index.html'),
  newestMtime('web/public'),
  newestMtime('vite.config.ts'),
);
if (existsSync('web/index.html') && (webBuiltAt === 0 || webSourcesAt > webBuiltAt)) {
  log(
    webBuiltAt === 0 ? 'building the web app (first start)' : 'web app sources changed: rebuilding',
  );
  const { build } = await import('vite');
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}

await bundleServer('server/main.ts', 'dist/server/main.mjs');
