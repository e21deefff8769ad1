import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { mintTurnCredential } from '../../api/turn-credentials.ts';

const turn = suite('api/turn-credentials');

// Expected values computed independently with `openssl dgst -sha1 -hmac <secret> -binary | base64`.
turn('mints coturn REST credentials matching known values', () => {
  assert.equal(mintTurnCredential('north-wind-secret', 1_796_320_000_000, 'a1b2c3d4'), {
    username: '1796320000:a1b2c3d4',
    credential: '3Bx5caYerYY/iOqq5MCQTwqDy0k=',
  });
  assert.equal(mintTurnCredential('x', 1_999, 'y'), { username: '1:y', credential: '0Fs31YMuoEm1EYMbXA5i40JjWi8=' });
});

turn('puts the expiry in whole seconds and a fresh opaque id in the username', () => {
  const first = mintTurnCredential('secret', 5_000_500);
  const second = mintTurnCredential('secret', 5_000_500);
  assert.match(first.username, /^5000:[0-9a-f]{16}$/);
  assert.is.not(first.username, second.username);
});

turn.run();
