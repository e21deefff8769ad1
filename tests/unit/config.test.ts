import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { ConfigError, readConfig } from '../../server/config.ts';

const config = suite('server/config');

config('needs nothing to start', () => {
  const defaults = readConfig({});
  assert.is(defaults.port, 8080);
  assert.is(defaults.dataDir, 'data');
  assert.is(defaults.trustProxy, false);
  assert.is(defaults.tls, undefined);
  assert.equal(defaults.stunUrls, []);
});

config('names the setting and the fix when a value is wrong', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be a whole number from 0 to 65535/],
    [{ SONO_TLS_CERT: 'cert.pem' }, /SONO_TLS_CERT and SONO_TLS_KEY go together/],
    [{ SONO_SECRET: 'short' }, /SONO_SECRET must be at least 32 characters/],
    [{ SONO_TRUST_PROXY: 'maybe' }, /SONO_TRUST_PROXY must be true or false/],
    [{ SONO_STUN_URLS: 'http://stun.example' }, /SONO_STUN_URLS holds "http:\/\/stun.example"/],
    [{ SONO_LOG_LEVEL: 'loud' }, /SONO_LOG_LEVEL must be one of/],
    [{ SONO_TURN_URLS: 'turn:turn.example:3478' }, /SONO_TURN_URLS and SONO_TURN_SECRET go together/],
    [{ SONO_TURN_SECRET: 'shared' }, /SONO_TURN_URLS and SONO_TURN_SECRET go together/],
    [{ SONO_RELAY_ONLY: 'true' }, /SONO_RELAY_ONLY needs a TURN server/],
  ];
  for (const [env, message] of cases) {
    try {
      readConfig(env);
      assert.unreachable(`${JSON.stringify(env)} was accepted`);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match(String(error), message);
    }
  }
});

config('reads TURN settings', () => {
  const config = readConfig({
    SONO_TURN_URLS: 'turn:turn.example:3478, turns:turn.example:5349?transport=tcp',
    SONO_TURN_SECRET: 'shared', SONO_RELAY_ONLY: 'yes',
  });
  assert.equal(config.turn, {
    urls: ['turn:turn.example:3478', 'turns:turn.example:5349?transport=tcp'], secret: 'shared',
  });
  assert.is(config.relayOnly, true);
});

config.run();
