import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { ConfigError, readConfig } from '../../server/config.ts';

const config = suite('server/config account settings');

config('reads fractional session and cooldown minutes, for seconds-long test sessions', () => {
  const read = readConfig({ SONO_SESSION_MINUTES: '0.1', SONO_COOLDOWN_MINUTES: '0' });
  assert.is(read.sessionMinutes, 0.1);
  assert.is(read.cooldownMinutes, 0);
});

config('defaults to the promised limits', () => {
  const read = readConfig({});
  assert.is(read.accountFailuresPerHour, 100);
  assert.is(read.retentionDays, 30);
  assert.is(read.cooldownMinutes, 30);
});

config('refuses more than 100 failed sign-ins an hour on one account, naming the setting', () => {
  assert.throws(() => readConfig({ SONO_ACCOUNT_LOGIN_LIMIT: '101' }),
    (error: unknown) => error instanceof ConfigError && /SONO_ACCOUNT_LOGIN_LIMIT/.test(error.message));
});

config('refuses cooldowns and retention that are not numbers in range', () => {
  for (const env of [{ SONO_COOLDOWN_MINUTES: '-1' }, { SONO_COOLDOWN_MINUTES: '1e3' },
    { SONO_SESSION_MINUTES: '0.01' }, { SONO_RETENTION_DAYS: '0' }, { SONO_LOGIN_DAYS: '2.5' }]) {
    assert.throws(() => readConfig(env), (error: unknown) => error instanceof ConfigError,
      JSON.stringify(env));
  }
});

config.run();
