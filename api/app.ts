import Koa from 'koa';
import Router from '@koa/router';

import { accountRoutes } from './account.ts';
import { accountDataRoutes } from './account-data.ts';
import { authRoutes } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { errorResponses } from './errors.ts';
import { meRoutes } from './me.ts';
import { sameOriginWrites } from './same-origin.ts';
import { sessionRoutes } from './sessions.ts';
import { staticApp } from './static.ts';

/** The Koa app: the API under /api, then the built app for every other path. */
export function createApi(deps: ApiDeps, appDir: string): Koa {
  const app = new Koa({ proxy: deps.config.trustProxy });
  app.silent = true;

  app.use(errorResponses(deps.log));
  app.use(sameOriginWrites(deps.config));
  const routers = [
    healthRoutes(),
    sessionRoutes(deps),
    meRoutes(deps),
    authRoutes(deps),
    accountRoutes(deps),
    accountDataRoutes(deps),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  app.use(staticApp(appDir));
  return app;
}

function healthRoutes(): Router {
  return new Router().get('/api/health', (ctx) => {
    ctx.body = { ok: true };
  });
}
