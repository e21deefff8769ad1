/**
 * The free-session cooldown as the laptop keeps it: one timestamp in
 * localStorage, the only thing Sono stores in the browser besides its cookie.
 * It is removed as soon as it is read after it has passed.
 */
export const COOLDOWN_KEY = 'sono.cooldownUntil';

/** The part of Storage used here, so tests can pass a Map-backed one. */
export interface CooldownStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Milliseconds of cooldown left, or null when there is none (clearing one that has passed). */
export function remainingCooldown(storage: CooldownStorage, now: number): number | null {
  const stored = storage.getItem(COOLDOWN_KEY);
  if (stored === null) return null;
  const until = Number(stored);
  if (!Number.isFinite(until) || until <= now) {
    storage.removeItem(COOLDOWN_KEY);
    return null;
  }
  return until - now;
}

export function rememberCooldown(storage: CooldownStorage, until: number): void {
  storage.setItem(COOLDOWN_KEY, String(Math.round(until)));
}

/**
 * A session stopped before its time: the cooldown runs from now, as the API
 * counts it for accounts, unless the stored one ends sooner.
 */
export function cooldownAfterEarlyStop(storage: CooldownStorage, now: number, cooldownMs: number): void {
  const left = remainingCooldown(storage, now);
  if (left === null) return;
  if (now + cooldownMs < now + left) rememberCooldown(storage, now + cooldownMs);
}

/** "4:05", or "1:02:03" past an hour; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
