// The partner-year indicator figures of load.ts (indicatorFigures), in a process of their own
// with the server's heap settings (server-flags.ts): started by indicatorFiguresAsServer, prints
// the figures as JSON on its last line. Arguments: DATABASE_URL RUNS.
import { benchConfig } from './config.js';
import { indicatorFigures } from './load.js';

const [databaseUrl, runs] = process.argv.slice(2);
const figures = await indicatorFigures(databaseUrl!, benchConfig(databaseUrl!), Number(runs));
process.stdout.write(`${JSON.stringify(figures)}\n`);
