import Router from '@koa/router';

import { readJsonObject } from './body.ts';
import { checkPassword, readEmail, readPassword } from './credentials.ts';
import type { ApiDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import { clearLoginCookie, currentAccount, setLoginCookie } from './login-cookie.ts';
import { accountView } from './me.ts';

/** Signing in and out. Sign-up lives with the account (account.ts). */
export function authRoutes(deps: ApiDeps): Router {
  const router = new Router({ prefix: '/api/auth' });

  router.post('/login', async (ctx) => {
    const body = await readJsonObject(ctx);
    const email = readEmail(body);
    const password = readPassword(body, 'password');

    const account = await checkPassword(ctx, deps, email, password);
    if (!account) {
      // One answer for an unknown address and a wrong password alike.
      throw new ApiError(401, 'wrong_credentials',
        'That e-mail address and password do not match an account.');
    }
    await setLoginCookie(ctx, deps, account);
    deps.log.info('signed in', { account: account.id });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { account: accountView(account) };
  });

  router.post('/logout', async (ctx) => {
    await readJsonObject(ctx);
    const account = await currentAccount(ctx, deps);
    if (account) {
      await deps.store.raiseSessionVersion(account.id);
      deps.log.info('signed out', { account: account.id });
    }
    clearLoginCookie(ctx);
    ctx.status = 204;
  });

  return router;
}
