import send from 'koa-send';
import type { Context, Next } from 'koa';

/**
 * Serves the built app. Hashed files under /assets never change, so browsers may
 * keep them; every other path that is not a file gets index.html, and the app's
 * own router decides what to show. Everything else, the service worker script and
 * the web app manifest among them, is revalidated on every load (`no-cache`), so a
 * new version is found on the next visit and never stuck behind a stale copy.
 */
export function staticApp(root: string) {
  return async function serveApp(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404) return;
    if (ctx.path.startsWith('/api') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;

    const immutable = ctx.path.startsWith('/assets/');
    // `index`: the start page "/" is a folder to koa-send, which would otherwise answer 404.
    const maxage = immutable ? 365 * 24 * 3600_000 : 0;
    const options = { root, index: 'index.html', maxage, immutable };
    try {
      await send(ctx, ctx.path, options);
    } catch (error) {
      if (statusOf(error) !== 404 || immutable) return;
      await send(ctx, '/index.html', options);
    }
    if (!immutable) ctx.set('Cache-Control', 'no-cache');
  };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    && typeof error.status === 'number' ? error.status : undefined;
}
