import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import { migrateToLatest } from './db/migrator.js';
import { hashPassword } from './auth/passwords.js';
import { newId } from './auth/tokens.js';
import { DEMO_TOWNS } from './demo/towns.js';
import { decideDemoSeeding, mustLockDemoAccounts } from './domain/demo-policy.js';
import type { Logger } from './logger.js';
import { findAccountByEmail, insertAccount, listAccounts } from './repositories/accounts.js';
import { lockDemoAccounts, readDemoStatus } from './repositories/demo.js';
import { listDemoEnrolmentCodes } from './repositories/enrolment.js';
import { syncFactorSets } from './repositories/factor-sets.js';
import { recordAudit } from './repositories/audit.js';
import { listPartners } from './repositories/partners.js';
import { isConflict } from './repositories/results.js';
import { FACTOR_SETS } from './indicators/index.js';

/**
 * Everything start-up does to a database before serving: migrate, seed the demo when the rule
 * of domain/demo-policy.ts says so (and log which rule applied), create the configured admin
 * when that e-mail has no account, lock demo logins that sit next to real data, and warn while
 * demo accounts exist.
 */
export async function prepareDatabase(
  db: Db,
  config: Config,
  logger: Logger,
  nowMs: number,
  options: { plannerThread?: boolean } = {},
): Promise<void> {
  const k = db.kysely;
  const now = new Date(nowMs).toISOString();
  const { applied } = await migrateToLatest(k);
  if (applied.length > 0) logger.info('migrations applied', { applied });
  const factorSets = await syncFactorSets(k, FACTOR_SETS, now);
  if (factorSets.added.length + factorSets.updated.length > 0)
    logger.info('factor sets stored', factorSets);

  const decision = decideDemoSeeding(
    config.demo,
    config.adminEmail !== null,
    await readDemoStatus(k),
  );
  logger.info('demo rule', {
    DEMO: String(config.demo),
    seed: decision.seed,
    reason: decision.reason,
  });
  if (decision.seed)
    await seedDemoUnlessTaken(db, config, logger, nowMs, options.plannerThread ?? false);

  if (config.adminEmail && config.adminPassword) {
    const existing = await findAccountByEmail(k, config.adminEmail);
    if (existing) {
      // Never reset a password behind the operator's back: the account may have changed it since.
      logger.info('ADMIN_EMAIL already has an account; left as it is', {
        email: config.adminEmail,
        role: existing.role,
        disabled: existing.disabled,
      });
    } else {
      const passwordHash = await hashPassword(config.adminPassword, config.passwordHash);
      await k.transaction().execute(async (trx) => {
        const admin = await insertAccount(
          trx,
          {
            id: newId('acc'),
            email: config.adminEmail!,
            passwordHash,
            role: 'admin',
            partnerId: null,
            commuterId: null,
          },
          now,
        );
        // Only another process starting at the same moment can have taken the e-mail since the look-up.
        if (isConflict(admin))
          throw new Error(`ADMIN_EMAIL ${config.adminEmail} got an account from another process`);
        await recordAudit(
          trx,
          {
            accountId: null,
            action: 'account.create',
            targetType: 'account',
            targetId: admin.id,
            details: { role: 'admin', from: 'ADMIN_EMAIL' },
          },
          now,
        );
      });
      logger.info('admin created from ADMIN_EMAIL', { email: config.adminEmail });
    }
  }

  const status = await readDemoStatus(k);
  if (mustLockDemoAccounts(config.demo, status) && status.enabledDemoAccounts > 0) {
    const locked = await lockDemoAccounts(k, now);
    logger.warn(
      'demo accounts locked: their passwords are public and this database holds real data (DEMO=true keeps both; npm run demo -- --remove deletes the demo)',
      { locked },
    );
  }
  if (status.demoAccounts + status.demoPartners > 0) {
    const open = (await listAccounts(k, { partnerId: null }))
      .filter((a) => a.demo && !a.disabled)
      .map((a) => a.email);
    logger.warn(
      'DEMO DATA PRESENT: demo accounts have public passwords; never use this database for a real installation (remove with npm run demo -- --remove)',
      {
        demoPartners: status.demoPartners,
        demoAccounts: status.demoAccounts,
        openDemoLogins: open,
        demoEnrolmentCodes: await listDemoEnrolmentCodes(k),
      },
    );
    if (config.demo === true && status.realAccounts + status.realPartners > 0)
      logger.warn('DEMO=true: demo data and real data share this database, as configured');
  }
}

/** Seeds the demo unless a real partner already uses one of the demo towns' ids. */
async function seedDemoUnlessTaken(
  db: Db,
  config: Config,
  logger: Logger,
  nowMs: number,
  plannerThread: boolean,
): Promise<void> {
  const demoIds = new Set(DEMO_TOWNS.map((t) => t.partner.id));
  const taken = (await listPartners(db.kysely)).filter((p) => demoIds.has(p.id)).map((p) => p.id);
  if (taken.length > 0) {
    logger.error("demo not seeded: real partners use the demo towns' ids", { partners: taken });
    return;
  }
  const { seedDemo } = await import('./demo/seed.js');
  const started = performance.now();
  const report = await seedDemo(db, {
    seed: config.demoSeed,
    scale: config.demoScale,
    passwordHash: config.passwordHash,
    nowMs,
    plannerThread,
  });
  logger.info('demo network seeded', {
    ...report.counts,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    plannerThread: report.plannerThread,
  });
  logger.warn('DEMO-ONLY credentials (never use on a real installation)', {
    accounts: report.accounts.map(
      (a) => `${a.email} / ${a.password} (${a.role}${a.partnerId ? ` ${a.partnerId}` : ''})`,
    ),
  });
}
