/**
 * Roles and who may see what (DESIGN.md section 6). Pure: the routes ask these questions and
 * the repositories narrow their queries with the answers.
 */
export const ROLES = ['commuter', 'staff', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The authenticated caller, as every route sees it. `mustChangePassword`: signed in with a
 * temporary password, so only the password change is open (auth/password-change-gate.ts).
 * `demo`: one of the demo's accounts, whose password is public: what it creates is demo data too.
 */
export type Actor = (
  | { role: 'admin'; accountId: string }
  | { role: 'analyst'; accountId: string; partnerId: string | null }
  | { role: 'staff'; accountId: string; partnerId: string }
  | { role: 'commuter'; accountId: string; partnerId: string; commuterId: string }
) & { mustChangePassword?: true; demo?: true };

/** Partners whose individual records (commuters, trips, surveys) the actor may read: null = all. */
export function individualDataScope(
  actor: Actor,
): { partnerId: string | null; commuterId: string | null } | 'none' {
  switch (actor.role) {
    case 'admin':
      return { partnerId: null, commuterId: null };
    case 'staff':
      return { partnerId: actor.partnerId, commuterId: null };
    case 'commuter':
      return { partnerId: actor.partnerId, commuterId: actor.commuterId };
    case 'analyst':
      // Analysts see aggregates only, never one person's records.
      return 'none';
  }
}

export function canReadCommuter(
  actor: Actor,
  commuter: { id: string; partnerId: string },
): boolean {
  const scope = individualDataScope(actor);
  if (scope === 'none') return false;
  if (scope.commuterId !== null) return scope.commuterId === commuter.id;
  return scope.partnerId === null || scope.partnerId === commuter.partnerId;
}

/** Writing a commuter's data follows reading it: staff fix data of their partner, a commuter their own. */
export const canWriteCommuter = canReadCommuter;

/** Partners whose aggregates the actor may read: null means the whole network. */
export function aggregateScope(actor: Actor): string | null {
  switch (actor.role) {
    case 'admin':
      return null;
    case 'analyst':
      return actor.partnerId;
    case 'staff':
    case 'commuter':
      return actor.partnerId;
  }
}

export function canReadPartner(actor: Actor, partnerId: string): boolean {
  const scope = aggregateScope(actor);
  return scope === null || scope === partnerId;
}

/**
 * Site maps (a site's own release units) are for those who see the partner's individual data
 * anyway: staff (of their own partner: the scope check still applies) and admins. For an
 * analyst, a site's map subtracted from the partner's would describe the rest of the partner,
 * which can be 1 to 4 commuters in a cell.
 */
export function mayReadSiteMap(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'staff';
}

export function canCreateAccount(
  actor: Actor,
  wanted: { role: Role; partnerId: string | null },
): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'staff')
    return wanted.role === 'commuter' && wanted.partnerId === actor.partnerId;
  return false;
}

export function canManageAccounts(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'staff';
}

/**
 * Whether the actor sees figures that the k = 5 floor withholds from aggregate callers
 * (docs/methodology.md#privacy-what-is-released): admins, and the staff of that partner, who
 * may read its individual records anyway. Analysts (even of that partner) and staff of another
 * partner do not. `partnerId` null: the network, where admins alone see every partner.
 */
export function seesBelowFloor(actor: Actor, partnerId: string | null): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'staff' && partnerId !== null && actor.partnerId === partnerId;
}

/** Enrolment codes of a partner: made, listed and revoked by its staff and by admins. */
export function canManageEnrolmentCodes(actor: Actor, partnerId: string): boolean {
  return actor.role === 'admin' || (actor.role === 'staff' && actor.partnerId === partnerId);
}
