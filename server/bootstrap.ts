import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { hashPassword } from './auth/passwords.js';
import { newId } from './auth/tokens.js';
import type { Logger } from './logger.js';
import { countAdmins, insertAccount } from './repositories/accounts.js';
import { syncFactorSets } from './repositories/factor-sets.js';
import { FACTOR_SETS } from './indicators/index.js';

/**
 * Everything start-up does to a database before serving: migrate, create the first admin
 * from ADMIN_EMAIL/ADMIN_PASSWORD when there is none, seed the demo when the database is empty.
 */
export async function prepareDatabase(db: Db, config: Config, logger: Logger, nowMs: number, options: { plannerThread?: boolean } = {}): Promise<void> {
  const { applied } = await migrateToLatest(db.kysely);
  if (applied.length > 0) logger.info('migrations applied', { applied });
  const factorSets = await syncFactorSets(db.kysely, FACTOR_SETS, new Date(nowMs).toISOString());
  if (factorSets.added.length + factorSets.updated.length > 0) logger.info('factor sets stored', factorSets);

  if (config.demo && (await isEmpty(db))) {
    const { seedDemo } = await import('./demo/seed.js');
    const started = performance.now();
    const report = await seedDemo(db, { seed: config.demoSeed, scale: config.demoScale, passwordHash: config.passwordHash, nowMs, plannerThread: options.plannerThread ?? false });
    logger.info('demo network seeded', { ...report.counts, seconds: Math.round((performance.now() - started) / 100) / 10, plannerThread: report.plannerThread });
    logger.warn('DEMO-ONLY credentials (never use on a real installation)', { accounts: report.accounts.map((a) => `${a.email} / ${a.password} (${a.role}${a.partnerId ? ' ' + a.partnerId : ''})`) });
  }

  if (config.adminEmail && config.adminPassword && (await countAdmins(db.kysely)) === 0) {
    const now = new Date(nowMs).toISOString();
    await insertAccount(db.kysely, { id: newId('acc'), email: config.adminEmail, passwordHash: await hashPassword(config.adminPassword, config.passwordHash), role: 'admin', partnerId: null, commuterId: null }, now);
    logger.info('first admin created', { email: config.adminEmail });
  }
}

async function isEmpty(db: Db): Promise<boolean> {
  const row = await sql<{ n: number | string }>`select (select count(*) from partners) + (select count(*) from accounts) as n`.execute(db.kysely);
  return Number(row.rows[0]?.n ?? 0) === 0;
}
