// The web app's API contract, generated from the server's zod schemas:
//   npm run api:generate   writes web/src/api/openapi.json (checked in) and schema.d.ts;
//   npm run api:check      fails when the checked-in openapi.json lags the server's schemas;
//   --types (run by npm run typecheck) writes schema.d.ts from the checked-in openapi.json.
// schema.d.ts is not checked in: it is derived from the document at each typecheck, so a
// schema change the web app has not caught up with fails `npm run typecheck`, and the tree
// holds the shapes once (server schemas, and their JSON document), never as a second TS copy.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openSqlite } from '../db/connection.js';
import { silentLogger } from '../logger.js';

const ROOT = new URL('../../', import.meta.url);
export const DOCUMENT_PATH = 'web/src/api/openapi.json';
export const TYPES_PATH = 'web/src/api/schema.d.ts';

const HEADER = `/**
 * Generated from web/src/api/openapi.json by server/cli/openapi.ts (npm run typecheck,
 * npm run api:generate): do not edit, and do not commit.
 */

`;

/**
 * The document as the server answers it. The app is built in process with an in-memory
 * database and a fixed configuration (no server, no environment), so the output depends on
 * the schemas alone.
 */
export async function generateDocument(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: ':memory:', DEMO: 'false', LOG_LEVEL: 'silent' });
  const db = openSqlite(':memory:');
  try {
    const app = createApp({ db, config, logger: silentLogger, now: () => 0 });
    const res = await app.request('/api/v1/openapi.json');
    if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    return `${JSON.stringify(await res.json(), null, 2)}\n`;
  } finally {
    await db.close();
  }
}

/** TypeScript `paths` and `components` of a document (openapi-typescript). */
export async function generateTypes(documentJson: string): Promise<string> {
  const document = JSON.parse(documentJson) as Parameters<typeof openapiTS>[0];
  return HEADER + astToString(await openapiTS(document));
}

async function readText(path: string): Promise<string | null> {
  return readFile(new URL(path, ROOT), 'utf8').catch(() => null);
}

/** Whether the checked-in document is what the server's schemas generate now. */
export async function documentIsCurrent(): Promise<boolean> {
  return (await readText(DOCUMENT_PATH)) === (await generateDocument());
}

async function writeTypes(documentJson: string): Promise<void> {
  const types = await generateTypes(documentJson);
  // Left alone when unchanged, so that an editor's TypeScript server does not reload it.
  if ((await readText(TYPES_PATH)) !== types) await writeFile(new URL(TYPES_PATH, ROOT), types);
}

async function main(mode: string | undefined): Promise<number> {
  if (mode === '--check') {
    if (await documentIsCurrent()) {
      console.log(`${DOCUMENT_PATH} matches the server schemas`);
      return 0;
    }
    console.error(
      `${DOCUMENT_PATH} is out of date with the server schemas: run npm run api:generate, then npm run typecheck, and commit the document`,
    );
    return 1;
  }
  if (mode === '--types') {
    const document = await readText(DOCUMENT_PATH);
    if (document === null) throw new Error(`${DOCUMENT_PATH} is missing: run npm run api:generate`);
    await writeTypes(document);
    return 0;
  }
  const document = await generateDocument();
  await writeFile(new URL(DOCUMENT_PATH, ROOT), document);
  await writeTypes(document);
  console.log(`wrote ${DOCUMENT_PATH} and ${TYPES_PATH}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv[2]);
}
