/**
 * The commuter app opens without a connection: the last signed-in commuter account is kept in
 * localStorage and used when GET /auth/me cannot reach the server at all (never when the server
 * answers 401: a session that ended stays ended). Only commuters: staff dashboards show server
 * figures, which are not kept offline. Forgotten on logout, on 401 and on account deletion.
 */
import type { Account } from '../api/models.js';

const KEY = 'modeshift.offlineAccount';

export function rememberAccount(account: Account): void {
  try {
    if (account.role === 'commuter' && account.commuterId)
      localStorage.setItem(KEY, JSON.stringify(account));
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the app simply needs a connection to start
  }
}

export function forgetAccount(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

export function offlineAccount(): Account | null {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return null;
    const a = JSON.parse(text) as Account;
    return a.role === 'commuter' && typeof a.commuterId === 'string' ? a : null;
  } catch {
    return null;
  }
}
