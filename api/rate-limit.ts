import { ApiError } from './errors.ts';
import type { Store } from './store.ts';

export interface Limit {
  name: string;
  max: number;
  windowMs: number;
}

/**
 * Fixed-window counters kept in the database, so every API instance sees the
 * same count. The hit is counted before the check, which keeps concurrent
 * requests from slipping past the limit together.
 */
export async function spendAttempt(store: Store, limit: Limit, client: string, now = Date.now()):
  Promise<() => Promise<void>> {
  const windowStart = now - (now % limit.windowMs);
  const bucket = `${limit.name}:${client}`;
  const hits = await store.countHit(bucket, windowStart);
  if (hits > limit.max) {
    const retryAfterSeconds = Math.ceil((windowStart + limit.windowMs - now) / 1000);
    throw new ApiError(429, 'too_many_attempts',
      `Too many attempts from your network. Try again in ${describeWait(retryAfterSeconds)}.`,
      { retryAfterSeconds });
  }
  return () => store.refundHit(bucket, windowStart);
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
