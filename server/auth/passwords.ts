import argon2 from 'argon2';

export interface PasswordHashCost {
  memoryKiB: number;
  iterations: number;
}

/** argon2id, the algorithm DESIGN.md section 6 asks for; the cost comes from config. */
export function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: cost.memoryKiB,
    timeCost: cost.iterations,
    parallelism: 1,
  });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the e-mail is unknown, so that a failed login takes as long
 * whether or not the account exists.
 */
export function createDummyHash(cost: PasswordHashCost): Promise<string> {
  return hashPassword(`not-a-real-password-${Math.random()}`, cost);
}
