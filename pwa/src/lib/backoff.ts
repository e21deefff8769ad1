/**
 * How long to wait before the next attempt to reconnect: doubling from half a
 * second up to a cap, with jitter so that a server restart is not met by every
 * client at the same instant.
 */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** 0.2 = each wait is drawn from ±20 % around its nominal value. */
  jitter: number;
}

export const RECONNECT_BACKOFF: Backoff = { firstMs: 500, maxMs: 10_000, jitter: 0.2 };

export function backoffDelay(attempt: number, backoff: Backoff = RECONNECT_BACKOFF, random = Math.random):
  number {
  const nominal = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt));
  return Math.round(nominal * (1 + backoff.jitter * (2 * random() - 1)));
}
