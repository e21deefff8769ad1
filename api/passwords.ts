import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { isCommonPassword } from './common-passwords.ts';

/**
 * Password hashing with scrypt at the strength OWASP recommends today (N=2^17,
 * r=8, p=1: about 128 MiB and half a second of one core per hash). The stored
 * string names its parameters, so raising them later leaves old hashes readable.
 */
const LOG2_N = 17;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Node refuses scrypt above 32 MiB by default; 128 * N * r bytes plus slack is needed. */
const MAX_MEM = 256 * 1024 * 1024;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, { N: 2 ** LOG2_N, r: R, p: P });
  return ['scrypt', LOG2_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || rest.length > 0) return false;
  if (!/^(1[0-9]|20)$/.test(logN ?? '') || !/^\d{1,2}$/.test(r ?? '') || !/^\d$/.test(p ?? '')) {
    return false;
  }
  const expected = Buffer.from(key, 'base64url');
  const given = await derive(password, Buffer.from(salt, 'base64url'),
    { N: 2 ** Number(logN), r: Number(r), p: Number(p) });
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of no one's password. Sign-in verifies against it when the e-mail has no
 * account, so both answers cost the same scrypt work and take the same time.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}

/** What is wrong with a new password, in words for its owner, or null when it will do. */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (isCommonPassword(lower) || lower === email || lower === email.split('@')[0]) {
    return 'This password is too easy to guess. Try a few unrelated words.';
  }
  return null;
}

/** The same text typed on two keyboards can arrive as different code points. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function derive(password: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalizePassword(password), salt, KEY_BYTES, { ...cost, maxmem: MAX_MEM },
      (error, key) => error ? reject(error) : resolve(key));
  });
}
