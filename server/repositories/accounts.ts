import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, Database } from '../db/schema.js';
import type { Actor, Role } from '../domain/roles.js';
import { normalizeEmail } from '../domain/email.js';
import { CONFLICT, type Conflict } from './results.js';
import { bumpSharedCounter } from './shared-counters.js';

export { normalizeEmail };

export interface Account {
  id: string;
  email: string;
  role: Role;
  partnerId: string | null;
  commuterId: string | null;
  displayName: string | null;
  locale: string | null;
  disabled: boolean;
  /** A temporary password was set: until it is changed, the account may only change it. */
  mustChangePassword: boolean;
  /** One of the demo's accounts, whose password is public. */
  demo: boolean;
  createdAt: string;
}

export interface AccountWithHash extends Account {
  passwordHash: string;
}

function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    partnerId: row.partner_id,
    commuterId: row.commuter_id,
    displayName: row.display_name,
    locale: row.locale,
    disabled: row.disabled_at !== null,
    mustChangePassword: Number(row.must_change_password) === 1,
    demo: Number(row.demo) === 1,
    createdAt: row.created_at,
  };
}

export async function findAccountByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<AccountWithHash | null> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row ? { ...toAccount(row), passwordHash: row.password_hash } : null;
}

export async function findAccount(db: Kysely<Database>, id: string): Promise<Account | null> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

/** The account of a commuter profile, if it has one. */
export async function findAccountByCommuter(
  db: Kysely<Database>,
  commuterId: string,
): Promise<Account | null> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('commuter_id', '=', commuterId)
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}

export interface AccountInsert {
  id: string;
  email: string;
  passwordHash: string;
  role: Role;
  partnerId: string | null;
  commuterId: string | null;
  displayName?: string | null;
  locale?: string | null;
}

/** Stores an account, or answers a conflict (nothing written) when its e-mail already has one. */
export async function insertAccount(
  db: Kysely<Database>,
  a: AccountInsert,
  now: string,
): Promise<Account | Conflict> {
  const email = normalizeEmail(a.email);
  const taken = await db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (taken) return CONFLICT;
  await db
    .insertInto('accounts')
    .values({
      id: a.id,
      email,
      password_hash: a.passwordHash,
      role: a.role,
      partner_id: a.partnerId,
      commuter_id: a.commuterId,
      display_name: a.displayName ?? null,
      locale: a.locale ?? null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findAccount(db, a.id))!;
}

export async function listAccounts(
  db: Kysely<Database>,
  filter: { partnerId: string | null; role?: Role },
): Promise<Account[]> {
  let q = db.selectFrom('accounts').selectAll().orderBy('email');
  if (filter.partnerId !== null) q = q.where('partner_id', '=', filter.partnerId);
  if (filter.role) q = q.where('role', '=', filter.role);
  return (await q.execute()).map(toAccount);
}

export async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAccountWithHash(
  db: Kysely<Database>,
  id: string,
): Promise<AccountWithHash | null> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...toAccount(row), passwordHash: row.password_hash } : null;
}

/**
 * Stores a new password hash. `mustChange` marks a temporary password (set by an admin); a
 * password the account chose itself clears the mark.
 */
export async function setPasswordHash(
  db: Kysely<Database>,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  now: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute();
  // Cached actors carry the must-change mark.
  await bumpSharedCounter(db, 'auth');
}

/** Revokes the account's live sessions except `keepIdHash`; answers the revoked ids (to drop from caches). */
export async function revokeOtherSessions(
  db: Kysely<Database>,
  accountId: string,
  keepIdHash: string | null,
  now: string,
): Promise<string[]> {
  let q = db
    .selectFrom('sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  if (keepIdHash !== null) q = q.where('id', '<>', keepIdHash);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length > 0) {
    await db.updateTable('sessions').set({ revoked_at: now }).where('id', 'in', ids).execute();
    await bumpSharedCounter(db, 'auth');
  }
  return ids;
}

export async function setAccountDisabled(
  db: Kysely<Database>,
  id: string,
  disabled: boolean,
  now: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ disabled_at: disabled ? now : null, updated_at: now })
    .where('id', '=', id)
    .execute();
  // A disabled account's API tokens stop too: every server's auth cache must forget them.
  await bumpSharedCounter(db, 'auth');
  if (disabled) await revokeAllSessions(db, id, now);
}

// --- sessions -------------------------------------------------------------------------------

export async function insertSession(
  db: Kysely<Database>,
  s: { idHash: string; accountId: string; csrfToken: string; expiresAt: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.idHash,
      account_id: s.accountId,
      csrf_token: s.csrfToken,
      created_at: now,
      expires_at: s.expiresAt,
      revoked_at: null,
    })
    .execute();
}

export interface SessionLookup {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  account: Account;
}

/** A live session: not revoked, not expired, its account not disabled. */
export async function findLiveSession(
  db: Kysely<Database>,
  idHash: string,
  now: string,
): Promise<SessionLookup | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('accounts')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.revoked_at',
    ])
    .where('sessions.id', '=', idHash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= now || row.disabled_at !== null)
    return null;
  return {
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    account: toAccount(row),
  };
}

export async function revokeSession(
  db: Kysely<Database>,
  idHash: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
  await bumpSharedCounter(db, 'auth');
}

export async function revokeAllSessions(
  db: Kysely<Database>,
  accountId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
  await bumpSharedCounter(db, 'auth');
}

// --- API tokens (long-lived, for scripts and integrations) ---

/** `read`: GET and HEAD only; `read_write`: everything the account may do. */
export type ApiTokenScope = 'read' | 'read_write';

export interface ApiToken {
  id: string;
  name: string;
  scope: ApiTokenScope;
  createdAt: string;
  /** UTC ISO 8601; null: until revoked. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiTokenRow {
  id: string;
  name: string;
  scope: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope as ApiTokenScope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiToken(
  db: Kysely<Database>,
  t: {
    id: string;
    accountId: string;
    name: string;
    tokenHash: string;
    scope: ApiTokenScope;
    expiresAt: string | null;
  },
  now: string,
): Promise<ApiToken> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      account_id: t.accountId,
      name: t.name,
      token_hash: t.tokenHash,
      scope: t.scope,
      expires_at: t.expiresAt,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return toApiToken({
    ...t,
    created_at: now,
    expires_at: t.expiresAt,
    last_used_at: null,
    revoked_at: null,
  });
}

/** An account's tokens, newest first; revoked ones stay listed so their use can be traced. */
export async function listApiTokens(db: Kysely<Database>, accountId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of the account's tokens; answers its hash (to drop from caches), or null if the account has no such token. */
export async function revokeApiToken(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  now: string,
): Promise<{ tokenHash: string } | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['token_hash', 'revoked_at'])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.revoked_at === null) {
    await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
    await bumpSharedCounter(db, 'auth');
  }
  return { tokenHash: row.token_hash };
}

/** Records use at most once an hour: a write per request would cost every API call a commit. */
const TOKEN_USE_RESOLUTION_MS = 3_600_000;

export interface ApiTokenLookup {
  account: Account;
  tokenId: string;
  scope: ApiTokenScope;
  expiresAt: string | null;
  /** Past its expiry: the caller decides what to answer; its use is not recorded. */
  expired: boolean;
}

/**
 * The account behind an API token that is not revoked and whose account is not disabled;
 * records the use when the token is live and the last recorded use is older than
 * TOKEN_USE_RESOLUTION_MS.
 */
export async function findAccountByApiToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: string,
): Promise<ApiTokenLookup | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
    .selectAll('accounts')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.scope as token_scope',
      'api_tokens.expires_at as token_expires_at',
      'api_tokens.revoked_at as token_revoked_at',
      'api_tokens.last_used_at as token_last_used_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.token_revoked_at !== null || row.disabled_at !== null) return null;
  const expired = row.token_expires_at !== null && row.token_expires_at <= now;
  const useIsStale =
    row.token_last_used_at === null ||
    Date.parse(now) - Date.parse(row.token_last_used_at) >= TOKEN_USE_RESOLUTION_MS;
  if (!expired && useIsStale) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.token_id)
      .execute();
  }
  return {
    account: toAccount(row),
    tokenId: row.token_id,
    scope: row.token_scope as ApiTokenScope,
    expiresAt: row.token_expires_at,
    expired,
  };
}

/** The actor a route works for, from an account row. */
export function actorOf(account: Account): Actor {
  const actor: Actor = actorOfRole(account);
  // Carried with the actor (and so in the auth cache): the password-change gate reads the first,
  // the routes that create accounts and partners the second.
  if (account.mustChangePassword) actor.mustChangePassword = true;
  if (account.demo) actor.demo = true;
  return actor;
}

function actorOfRole(account: Account): Actor {
  switch (account.role) {
    case 'admin':
      return { role: 'admin', accountId: account.id };
    case 'analyst':
      return { role: 'analyst', accountId: account.id, partnerId: account.partnerId };
    case 'staff':
      return { role: 'staff', accountId: account.id, partnerId: account.partnerId! };
    case 'commuter':
      return {
        role: 'commuter',
        accountId: account.id,
        partnerId: account.partnerId!,
        commuterId: account.commuterId!,
      };
  }
}
