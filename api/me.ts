import Router from '@koa/router';

import type { Config } from '../server/config.ts';
import type { ApiDeps } from './deps.ts';
import { currentAccount } from './login-cookie.ts';
import type { AccountRow } from './store.ts';

/** What limits a sender works under; null means none (the plus plan). */
export interface Limits {
  sessionSeconds: number | null;
  cooldownSeconds: number | null;
  /** For a signed-in free account still cooling down: when the next session may start. */
  nextSessionAt: string | null;
}

/**
 * "Who am I": cheap for everyone without a cookie (no database work at all),
 * one indexed read for everyone with one.
 */
export function meRoutes(deps: ApiDeps): Router {
  return new Router().get('/api/me', async (ctx) => {
    const account = await currentAccount(ctx, deps);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      account: account ? accountView(account) : null,
      limits: limitsFor(deps.config, account, Date.now()),
    };
  });
}

export function accountView(account: AccountRow): { email: string; plan: string } {
  return { email: account.email, plan: account.plan };
}

export function limitsFor(config: Config, account: AccountRow | null, now: number): Limits {
  if (account?.plan === 'plus') {
    return { sessionSeconds: null, cooldownSeconds: null, nextSessionAt: null };
  }
  const waiting = account !== null && account.nextFreeAt > now;
  return {
    sessionSeconds: Math.round(config.sessionMinutes * 60),
    cooldownSeconds: Math.round(config.cooldownMinutes * 60),
    nextSessionAt: waiting ? new Date(account.nextFreeAt).toISOString() : null,
  };
}
