/**
 * What a write answers when a uniqueness or reference check refused it: nothing was written.
 * Repositories return it (or undefined for a missing record) rather than deciding the HTTP
 * answer; the route or service turns it into 404, 409 or 422.
 */
export interface Conflict {
  conflict: true;
}

export const CONFLICT: Conflict = Object.freeze({ conflict: true });

export function isConflict(value: object): value is Conflict {
  return 'conflict' in value && value.conflict === true;
}
