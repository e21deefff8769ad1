import Koa from 'koa';
import Router from '@koa/router';

import type { ApiDeps } from './deps.ts';
import { errorResponses } from './errors.ts';
import { sameOriginWrites } from './same-origin.ts';
import { sessionRoutes } from './sessions.ts';
import { staticApp } from './static.ts';

/** The Koa app: the API under /api, then the built app for every other path. */
export function createApi(deps: ApiDeps, appDir: string): Koa {
  const app = new Koa({ proxy: deps.config.trustProxy });
  app.silent = true;

  app.use(errorResponses(deps.log));
  app.use(sameOriginWrites(deps.config));
  for (const router of [healthRoutes(), sessionRoutes(deps)]) {
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
