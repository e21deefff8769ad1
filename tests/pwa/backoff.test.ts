import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { backoffDelay } from '../../pwa/src/lib/backoff.ts';

const backoff = suite('pwa/lib/backoff');
const exact = { firstMs: 500, maxMs: 10_000, jitter: 0 };

backoff('doubles from the first wait up to the cap', () => {
  assert.equal([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, exact)),
    [500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
});

backoff('spreads each wait by the jitter, both ways', () => {
  const settings = { ...exact, jitter: 0.2 };
  assert.is(backoffDelay(1, settings, () => 0), 800);
  assert.is(backoffDelay(1, settings, () => 1), 1200);
  assert.is(backoffDelay(1, settings, () => 0.5), 1000);
});

backoff.run();
