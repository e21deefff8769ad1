import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import {
  COOLDOWN_KEY, cooldownAfterEarlyStop, formatCountdown, rememberCooldown, remainingCooldown,
  type CooldownStorage,
} from '../../pwa/src/lib/cooldown.ts';

const cooldown = suite('pwa/lib/cooldown');

function memoryStorage(): CooldownStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

cooldown('answers the time left while a cooldown runs', () => {
  const storage = memoryStorage();
  rememberCooldown(storage, 10_000);
  assert.is(remainingCooldown(storage, 4_000), 6_000);
  assert.is(storage.items.get(COOLDOWN_KEY), '10000');
});

cooldown('clears the timestamp once the cooldown has passed', () => {
  const storage = memoryStorage();
  rememberCooldown(storage, 10_000);
  assert.is(remainingCooldown(storage, 10_000), null);
  assert.is(storage.items.size, 0);
});

cooldown('clears a timestamp that is not a number', () => {
  const storage = memoryStorage();
  storage.setItem(COOLDOWN_KEY, 'soon');
  assert.is(remainingCooldown(storage, 0), null);
  assert.is(storage.items.size, 0);
});

cooldown('runs the cooldown from an early stop when that ends sooner', () => {
  const storage = memoryStorage();
  rememberCooldown(storage, 100_000);
  cooldownAfterEarlyStop(storage, 20_000, 30_000);
  assert.is(remainingCooldown(storage, 20_000), 30_000);
  cooldownAfterEarlyStop(storage, 21_000, 90_000);
  assert.is(remainingCooldown(storage, 21_000), 29_000);
});

cooldown('formats the countdown as m:ss or h:mm:ss', () => {
  assert.is(formatCountdown(4_001), '0:05');
  assert.is(formatCountdown(65_000), '1:05');
  assert.is(formatCountdown(3_723_000), '1:02:03');
  assert.is(formatCountdown(-5), '0:00');
});

cooldown.run();
