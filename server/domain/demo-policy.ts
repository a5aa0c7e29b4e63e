/**
 * When start-up seeds the demo network, and when it locks the demo's accounts. The demo's
 * passwords are public and the server listens on all interfaces by default, so a database that
 * looks like a real installation never gets demo logins unless the operator asked for them.
 *
 * - DEMO=false: never seed; demo accounts already stored are locked (disabled).
 * - DEMO=true: seed when no demo data is stored yet, also next to real data (the operator asked
 *   for both, which start-up reports at warn); demo accounts stay open.
 * - DEMO unset ('auto'): seed only on an empty database (no partners, no accounts) when no
 *   ADMIN_EMAIL is configured: the first `npm start` on a fresh machine. Demo accounts stored
 *   next to real accounts or partners are locked.
 */

export type DemoSetting = boolean | 'auto';

export interface DatabaseShape {
  demoPartners: number;
  demoAccounts: number;
  realPartners: number;
  realAccounts: number;
}

export interface SeedDecision {
  seed: boolean;
  /** Which rule applied and why, for the start-up log. */
  reason: string;
}

export function decideDemoSeeding(
  setting: DemoSetting,
  adminEmailConfigured: boolean,
  db: DatabaseShape,
): SeedDecision {
  const demoStored = db.demoPartners + db.demoAccounts > 0;
  const realStored = db.realPartners + db.realAccounts > 0;
  if (setting === false) return { seed: false, reason: 'DEMO=false: the demo is never seeded' };
  if (setting === true) {
    if (demoStored) return { seed: false, reason: 'DEMO=true: the demo is already stored' };
    return {
      seed: true,
      reason:
        realStored || adminEmailConfigured
          ? 'DEMO=true: seeding the demo next to real data, as asked'
          : 'DEMO=true: seeding the demo, as asked',
    };
  }
  if (demoStored) return { seed: false, reason: 'DEMO unset: the demo is already stored' };
  if (adminEmailConfigured)
    return {
      seed: false,
      reason: 'DEMO unset: no demo because ADMIN_EMAIL is configured (a real installation)',
    };
  if (realStored)
    return {
      seed: false,
      reason: 'DEMO unset: no demo because the database holds real partners or accounts',
    };
  return {
    seed: true,
    reason:
      'DEMO unset: seeding the demo on an empty database with no ADMIN_EMAIL (set DEMO=false to skip)',
  };
}

/** Whether the demo's accounts must be locked: demo logins next to real data only when DEMO=true. */
export function mustLockDemoAccounts(setting: DemoSetting, db: DatabaseShape): boolean {
  if (db.demoAccounts === 0 || setting === true) return false;
  if (setting === false) return true;
  return db.realPartners + db.realAccounts > 0;
}
