import { sealData, unsealData } from 'iron-session';
import type { Context } from 'koa';

import { isRecord } from '../server/json.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import type { AccountRow } from './store.ts';

/**
 * The one cookie Sono sets: `sono_token`, an iron-session seal of the account id
 * and the account's session version. Only a sign-in writes it, so nobody who is
 * not signed in ever gets a cookie.
 *
 * iron-session is stateless, so a sign-out could not take a cookie back on its
 * own: every request also compares the sealed version with the account's, and
 * sign-out, a password change and deletion move the account on. The cost of
 * keeping no table of logins: signing out signs out the account's every browser.
 */
export const COOKIE_NAME = 'sono_token';

interface Login {
  accountId: string;
  version: number;
}

const DAY_SECONDS = 24 * 60 * 60;
/**
 * An iron seal as iron-session 8 writes it: prefix, password id, salt, IV, data,
 * expiry, HMAC salt, HMAC, then "~2". iron-session reads only up to the "~" and
 * parses the rest loosely, so a cookie with anything added would still pass; the
 * shape is checked first so that any change at all means "signed out".
 */
const SEAL_SHAPE = /^Fe26\.2\*\d+\*[0-9a-f]+\*[\w-]+\*[\w-]+\*\d+\*[0-9a-f]+\*[\w-]+~2$/;

/** A fresh seal each time (iron draws a new salt and IV), valid for a fixed time from now. */
export async function setLoginCookie(
  ctx: Context, deps: ApiDeps, account: AccountRow,
): Promise<void> {
  const ttl = deps.config.loginDays * DAY_SECONDS;
  const login: Login = { accountId: account.id, version: account.sessionVersion };
  const seal = await sealData(login, { password: deps.keys.cookie, ttl });
  ctx.cookies.set(COOKIE_NAME, seal, { ...cookieFlags(ctx), maxAge: ttl * 1000 });
}

export function clearLoginCookie(ctx: Context): void {
  if (ctx.cookies.get(COOKIE_NAME) === undefined) return;
  ctx.cookies.set(COOKIE_NAME, '', { ...cookieFlags(ctx), maxAge: 0 });
}

/**
 * The signed-in account, or null. A cookie that is missing, expired, tampered
 * with, truncated, sealed by another server or for an older session version all
 * mean "signed out", never an error.
 */
export async function currentAccount(ctx: Context, deps: ApiDeps): Promise<AccountRow | null> {
  const seal = ctx.cookies.get(COOKIE_NAME);
  if (!seal || !SEAL_SHAPE.test(seal)) return null;
  const login = await unseal(seal, deps);
  if (!login) return null;
  const account = await deps.store.accountById(login.accountId);
  return account && account.sessionVersion === login.version ? account : null;
}

export async function requireAccount(ctx: Context, deps: ApiDeps): Promise<AccountRow> {
  const account = await currentAccount(ctx, deps);
  if (!account) throw new ApiError(401, 'signed_out', 'Sign in first.');
  return account;
}

async function unseal(seal: string, deps: ApiDeps): Promise<Login | null> {
  let data: unknown;
  try {
    data = await unsealData<unknown>(seal, {
      password: deps.keys.cookie, ttl: deps.config.loginDays * DAY_SECONDS,
    });
  } catch {
    // iron throws on some malformed seals ("Wrong mac prefix", "Invalid expiration").
    return null;
  }
  if (!isRecord(data)) return null;
  const { accountId, version } = data;
  if (typeof accountId !== 'string' || typeof version !== 'number') return null;
  return { accountId, version };
}

/**
 * httpOnly: page scripts never see it. SameSite=Lax: other sites' requests do not
 * carry it. No Domain: host-only. Secure whenever the request came over HTTPS
 * (directly, or through a proxy trusted by SONO_TRUST_PROXY).
 */
function cookieFlags(ctx: Context) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: ctx.secure,
    signed: false,
    overwrite: true,
  };
}
