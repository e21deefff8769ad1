import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { mintTurnCredential } from '../../api/turn-credentials.ts';
import { allocate, relayToLoopback, startCoturn } from '../helpers/coturn.ts';

const CONF = fileURLToPath(new URL('../../deploy/turnserver.conf', import.meta.url));
const conf = suite('deploy/turnserver.conf');

conf('runs with Sono credentials and refuses to relay into loopback', async () => {
  const coturn = await startCoturn(CONF);
  try {
    const { username, credential } = mintTurnCredential(coturn.secret, Date.now() + 600_000);
    assert.is(await allocate(coturn.port, username, credential), 'allocated');
    assert.is(await relayToLoopback(coturn.port, username, credential), 'peer refused');
  } finally {
    await coturn.stop();
  }
});

conf('the check itself sees a relay that does allow loopback (the tests\' own coturn)', async () => {
  const coturn = await startCoturn();
  try {
    const { username, credential } = mintTurnCredential(coturn.secret, Date.now() + 600_000);
    assert.is(await relayToLoopback(coturn.port, username, credential), 'peer allowed');
  } finally {
    await coturn.stop();
  }
});

conf.run();
