import { ApiError } from './errors.ts';
import type { Store } from './store.ts';

export interface Limit {
  name: string;
  max: number;
  windowMs: number;
  /** Whose attempts these are, for the refusal: "your network" unless said otherwise. */
  who?: string;
  /**
   * Count the previous window's hits too. Two fixed windows back to back would
   * otherwise let 2 * max through in one windowMs across their border; with both
   * counted, no span of windowMs ever holds more than max.
   */
  strict?: boolean;
}

export interface Attempt {
  /** Hits in this window so far, this one included. */
  hits: number;
  /** Takes this hit back, for attempts that turned out right. */
  refund(): Promise<void>;
}

/**
 * Fixed-window counters kept in the database, so every API instance sees the
 * same count. The hit is counted before the check, which keeps concurrent
 * requests from slipping past the limit together.
 */
export async function spendAttempt(store: Store, limit: Limit, client: string, now = Date.now()):
  Promise<Attempt> {
  const windowStart = now - (now % limit.windowMs);
  const bucket = `${limit.name}:${client}`;
  const hits = await store.countHit(bucket, windowStart);
  const before = limit.strict ? await store.hitsIn(bucket, windowStart - limit.windowMs) : 0;
  if (hits + before > limit.max) {
    const retryAfterSeconds = Math.ceil((windowStart + limit.windowMs - now) / 1000);
    throw new ApiError(429, 'too_many_attempts',
      `Too many attempts ${limit.who ?? 'from your network'}. `
      + `Try again in ${describeWait(retryAfterSeconds)}.`,
      { retryAfterSeconds });
  }
  return { hits: hits + before, refund: () => store.refundHit(bucket, windowStart) };
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  // Nearest whole minute: a wait of an hour and a second still reads "60 minutes".
  return `${Math.round(seconds / 60)} minutes`;
}
