import type { Context, Next } from 'koa';

import { isOwnOrigin, type OriginPolicy } from '../server/origin.ts';
import { ApiError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State changes are accepted only from Sono's own pages (or from programs, which send no Origin). */
export function sameOriginWrites(policy: OriginPolicy) {
  return async function checkOrigin(ctx: Context, next: Next): Promise<void> {
    if (!SAFE_METHODS.has(ctx.method) && !isOwnOrigin(ctx.req, policy, false)) {
      throw new ApiError(403, 'foreign_origin', 'Requests that change something must come from Sono itself.');
    }
    await next();
  };
}
