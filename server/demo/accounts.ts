import type { Role } from '../domain/roles.js';
import { DEMO_TOWNS } from './towns.js';

/** A login the demo seeder creates. The passwords are public (README, login page): demo data only. */
export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
  partnerId: string | null;
  /** Set for commuter accounts: the demo commuter whose data they see. */
  commuterId: string | null;
  displayName: string;
}

/** Demo commuter ids: `demo-weiz-0001` is the first commuter of Weiz (1-based, at least 4 digits). */
export function demoCommuterId(partnerId: string, n: number): string {
  return `demo-${partnerId}-${String(n).padStart(4, '0')}`;
}

/** The demo's reserved e-mail domain: ADMIN_EMAIL may not use it (migration 0006 marks by it). */
export const DEMO_EMAIL_DOMAIN = 'demo.modeshift.eu';
const DOMAIN = DEMO_EMAIL_DOMAIN;

/** Partners whose first commuter gets a login: one Danish, one Austrian, one Italian town. */
const COMMUTER_LOGINS = ['weiz', 'skanderborg', 'novara'];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...DEMO_TOWNS.map(
    (t): DemoAccount => ({
      email: `staff.${t.partner.id}@${DOMAIN}`,
      password: 'demo-staff-2010',
      role: 'staff',
      partnerId: t.partner.id,
      commuterId: null,
      displayName: `Project staff, ${t.partner.name}`,
    }),
  ),
  {
    email: `analyst@${DOMAIN}`,
    password: 'demo-analyst-2010',
    role: 'analyst',
    partnerId: null,
    commuterId: null,
    displayName: 'Network analyst',
  },
  {
    email: `admin@${DOMAIN}`,
    password: 'demo-admin-2010',
    role: 'admin',
    partnerId: null,
    commuterId: null,
    displayName: 'Network admin',
  },
  ...COMMUTER_LOGINS.map(
    (partnerId): DemoAccount => ({
      email: `commuter.${partnerId}@${DOMAIN}`,
      password: 'demo-commuter-2010',
      role: 'commuter',
      partnerId,
      commuterId: demoCommuterId(partnerId, 1),
      displayName: `Demo commuter, ${DEMO_TOWNS.find((t) => t.partner.id === partnerId)?.partner.name ?? partnerId}`,
    }),
  ),
];

/** The demo's published passwords: refused for every real account (auth/password-strength.ts). */
export const DEMO_PASSWORDS: readonly string[] = [...new Set(DEMO_ACCOUNTS.map((a) => a.password))];
