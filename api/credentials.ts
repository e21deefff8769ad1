import { createHmac } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import type { Context } from 'koa';

import { clientPseudonym } from '../server/client-address.ts';
import type { JsonRecord } from '../server/json.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError, fieldError } from './errors.ts';
import { dummyHash, PASSWORD_MAX, passwordProblem, verifyPassword } from './passwords.ts';
import { spendAttempt } from './rate-limit.ts';
import type { AccountRow } from './store.ts';

const EMAIL_MAX = 254;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;
const CLIENT_WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
const SLOWDOWN_STEP_MS = 100;
const SLOWDOWN_MAX_MS = 3000;

/** Addresses are compared in lower case: nobody means two accounts by A@x and a@x. */
export function readEmail(body: JsonRecord, field = 'email'): string {
  const value = body[field];
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > EMAIL_MAX || !EMAIL_SHAPE.test(email)) {
    throw fieldError(field, 'Enter an e-mail address, like you@example.com.');
  }
  return email;
}

/** A password as typed, for checking against a hash: no rules beyond a sane size. */
export function readPassword(body: JsonRecord, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '' || value.length > PASSWORD_MAX * 4) {
    throw fieldError(field, 'Enter your password.');
  }
  return value;
}

/** A password being chosen: long enough, not absurdly long, not a common one. */
export function readNewPassword(body: JsonRecord, field: string, email: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw fieldError(field, 'Choose a password.');
  const problem = passwordProblem(value, email);
  if (problem !== null) throw fieldError(field, problem);
  return value;
}

/**
 * The one place a password is checked against an account, for sign-in and for
 * the account's own changes. Failures count per client network and per e-mail
 * address (at most accountFailuresPerHour, which config caps at 100), and each
 * failure waits a little longer than the last. An address without an account
 * goes through the same steps, counters and scrypt work (against a dummy hash),
 * so neither the answer nor its timing tells whether the address has one.
 * The per-address cap also means a stranger can lock an address out for the
 * rest of the hour; that is the price of the cap.
 */
export async function checkPassword(
  ctx: Context,
  deps: ApiDeps,
  email: string,
  password: string,
): Promise<AccountRow | null> {
  const { config, keys, store } = deps;
  const perClient = {
    name: 'login-client', max: config.loginFailuresPer15Min, windowMs: CLIENT_WINDOW_MS,
  };
  const clientAttempt = await spendAttempt(store, perClient, clientPseudonym(keys.clients, ctx.ip));
  const perAccount = {
    name: 'login-account', max: config.accountFailuresPerHour, windowMs: ACCOUNT_WINDOW_MS,
    who: 'for this account', strict: true,
  };
  const accountAttempt = await spendAttempt(store, perAccount, emailPseudonym(keys.clients, email));

  const account = await store.accountByEmail(email);
  const matches = await verifyPassword(password, account?.passwordHash ?? await dummyHash());
  if (account && matches) {
    await Promise.all([clientAttempt.refund(), accountAttempt.refund()]);
    return account;
  }
  const failures = Math.max(clientAttempt.hits, accountAttempt.hits);
  await pause(Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_STEP_MS * 2 ** (failures - 1)));
  return null;
}

/** Like checkPassword, for a signed-in account re-entering its own password. */
export async function confirmPassword(ctx: Context, deps: ApiDeps, account: AccountRow,
  password: string, field: string): Promise<void> {
  const confirmed = await checkPassword(ctx, deps, account.email, password);
  if (confirmed?.id !== account.id) {
    throw new ApiError(403, 'wrong_password', 'That is not your current password.', { field });
  }
}

/** The per-address counter's bucket name: a keyed hash, so the table never holds an address. */
export function accountBucket(keys: ApiDeps['keys'], email: string): string {
  return `login-account:${emailPseudonym(keys.clients, email)}`;
}

function emailPseudonym(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(`e-mail ${email}`).digest('base64url').slice(0, 22);
}
