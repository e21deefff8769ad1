import Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

import { clientPseudonym } from '../server/client-address.ts';
import { readJsonObject } from './body.ts';
import {
  accountBucket, confirmPassword, readEmail, readNewPassword, readPassword,
} from './credentials.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { clearLoginCookie, requireAccount, setLoginCookie } from './login-cookie.ts';
import { accountView } from './me.ts';
import { hashPassword } from './passwords.ts';
import { spendAttempt } from './rate-limit.ts';

const SIGN_UP_WINDOW_MS = 15 * 60 * 1000;

/** An account's life: sign-up, changes of e-mail and password, deletion. */
export function accountRoutes(deps: ApiDeps): Router {
  const { store, log } = deps;
  const router = new Router({ prefix: '/api/account' });

  router.post('/', async (ctx) => {
    const body = await readJsonObject(ctx);
    const email = readEmail(body);
    const password = readNewPassword(body, 'password', email);
    await spendSignUp(ctx, deps);

    const id = randomBytes(16).toString('hex');
    if (!await store.insertAccount({ id, email, passwordHash: await hashPassword(password) })) {
      // Sign-up cannot hide that an address is taken without sending mail, which Sono
      // does not do; the per-network limit above keeps this from being a lookup service.
      throw new ApiError(409, 'email_taken', 'An account with this e-mail address exists. '
        + 'Sign in instead.', { field: 'email' });
    }
    const account = await store.accountById(id);
    if (!account) throw new Error('an account vanished right after it was made');
    await setLoginCookie(ctx, deps, account);
    log.info('account created', { account: id });
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { account: accountView(account) };
  });

  router.put('/email', async (ctx) => {
    const account = await requireAccount(ctx, deps);
    const body = await readJsonObject(ctx);
    const email = readEmail(body);
    await confirmPassword(ctx, deps, account, readPassword(body, 'password'), 'password');

    if (email !== account.email && !await store.setEmail(account.id, email)) {
      throw new ApiError(409, 'email_taken', 'Another account has this e-mail address.',
        { field: 'email' });
    }
    log.info('e-mail address changed', { account: account.id });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { account: accountView({ ...account, email }) };
  });

  router.put('/password', async (ctx) => {
    const account = await requireAccount(ctx, deps);
    const body = await readJsonObject(ctx);
    const current = readPassword(body, 'currentPassword');
    const next = readNewPassword(body, 'newPassword', account.email);
    await confirmPassword(ctx, deps, account, current, 'currentPassword');

    // The new version signs out every other browser; this one gets a fresh seal.
    const version = await store.setPassword(account.id, await hashPassword(next));
    if (version === null) throw new ApiError(401, 'signed_out', 'Sign in first.');
    await setLoginCookie(ctx, deps, { ...account, sessionVersion: version });
    log.info('password changed', { account: account.id });
    ctx.status = 204;
  });

  router.delete('/', async (ctx) => {
    const account = await requireAccount(ctx, deps);
    const body = await readJsonObject(ctx);
    await confirmPassword(ctx, deps, account, readPassword(body, 'password'), 'password');

    await store.deleteAccount(account.id, [accountBucket(deps.keys, account.email)]);
    clearLoginCookie(ctx);
    log.info('account deleted', { account: account.id });
    ctx.status = 204;
  });

  return router;
}

/** Sign-ups count against the same per-network allowance as failed sign-ins. */
async function spendSignUp(ctx: Context, { config, keys, store }: ApiDeps): Promise<void> {
  const limit = { name: 'sign-up', max: config.loginFailuresPer15Min, windowMs: SIGN_UP_WINDOW_MS };
  await spendAttempt(store, limit, clientPseudonym(keys.clients, ctx.ip));
}
