import Router from '@koa/router';

import type { ApiDeps } from './deps.ts';
import { requireAccount } from './login-cookie.ts';
import type { AccountSession } from './store.ts';

const RECENT_SESSIONS = 20;
/** Far more than retention lets one account gather; a bound, not a page size. */
const EXPORT_SESSIONS_MAX = 1_000_000;

/** What is stored about the signed-in account: its recent sessions, and all of it as a file. */
export function accountDataRoutes(deps: ApiDeps): Router {
  const router = new Router({ prefix: '/api/account' });

  router.get('/sessions', async (ctx) => {
    const account = await requireAccount(ctx, deps);
    const sessions = await deps.store.sessionsOfAccount(account.id, RECENT_SESSIONS);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { sessions: sessions.map(sessionView) };
  });

  router.get('/export', async (ctx) => {
    const account = await requireAccount(ctx, deps);
    const sessions = await deps.store.sessionsOfAccount(account.id, EXPORT_SESSIONS_MAX);
    ctx.set('Cache-Control', 'no-store');
    ctx.attachment('sono-export.json');
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({
      exportedAt: new Date().toISOString(),
      account: {
        id: account.id,
        email: account.email,
        plan: account.plan,
        nextFreeSessionAt: account.nextFreeAt > 0 ? iso(account.nextFreeAt) : null,
        sessionVersion: account.sessionVersion,
        password: 'Stored only as a scrypt hash, which is left out of this file: '
          + 'it is of no use to you, and of some use to anyone who finds the file.',
      },
      sessions: sessions.map((session) => ({
        ...sessionView(session),
        senderPeerId: session.senderPeerId,
        pairingCodeHash: session.codeHash,
      })),
    }, null, 2);
    deps.log.info('account exported', { account: account.id });
  });

  return router;
}

function sessionView(session: AccountSession) {
  return {
    id: session.id,
    startedAt: iso(session.createdAt),
    endsAt: iso(session.endsAt),
    endedAt: session.endedAt === null ? null : iso(session.endedAt),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
