import { hash, randomBytes } from 'node:crypto';
import { ENROLMENT_CODE_LENGTH, enrolmentCodeFromBytes } from '../domain/enrolment.js';

/** A bearer secret: 32 random bytes, base64url. Only its hash is stored. */
export function generateToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  // One-shot hashing: every bearer request hashes its token, and a Hash object costs more than the digest.
  return hash('sha256', token, 'hex');
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** A fresh enrolment code: ENROLMENT_CODE_LENGTH characters of 32, from the system's CSPRNG. */
export function generateEnrolmentCode(): string {
  return enrolmentCodeFromBytes(randomBytes(ENROLMENT_CODE_LENGTH));
}
