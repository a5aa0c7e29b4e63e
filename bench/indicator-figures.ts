// The partner-year indicator figures of load.ts (indicatorFigures), in a process of their own
// with the server's heap settings (server-flags.ts): started by indicatorFiguresAsServer, prints
// the figures as JSON on its last line. Arguments: DATABASE_URL RUNS.
import { loadConfig } from '../server/config.js';
import { indicatorFigures } from './load.js';

const [databaseUrl, runs] = process.argv.slice(2);
const config = loadConfig({
  DATABASE_URL: databaseUrl!,
  LOG_LEVEL: 'silent',
  DEMO: 'false',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_ITERATIONS: '1',
});
const figures = await indicatorFigures(databaseUrl!, config, Number(runs));
process.stdout.write(`${JSON.stringify(figures)}\n`);
