import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { parseCallMetadata, parseControl, stats } from '../../pwa/src/lib/control.ts';

const control = suite('pwa/control');

const FIGURES = { latencyMs: 37.5, bitrateKbps: 256, lossPercent: 0, path: 'direct' } as const;

control('takes a listener\'s figures, rebuilt field by field', () => {
  const message = parseControl({ ...stats(FIGURES), extra: 'dropped' });
  assert.equal(message, { type: 'stats', ...FIGURES });
  assert.equal(parseControl({ type: 'stats', latencyMs: null, bitrateKbps: null,
    lossPercent: null, path: null }), { type: 'stats', latencyMs: null, bitrateKbps: null,
    lossPercent: null, path: null });
});

control('drops figures that are missing, negative, absurd or of the wrong kind', () => {
  for (const broken of [
    { latencyMs: undefined }, { latencyMs: -1 }, { bitrateKbps: Number.NaN },
    { bitrateKbps: 1e12 }, { lossPercent: '5' }, { path: 'through the moon' }, { path: 1 },
  ]) {
    assert.is(parseControl({ ...stats(FIGURES), ...broken }), null, JSON.stringify(broken));
  }
});

control('still knows hello and end, and nothing else', () => {
  assert.equal(parseControl({ type: 'hello' }), { type: 'hello' });
  assert.equal(parseControl({ type: 'end', reason: 'x' }), { type: 'end' });
  assert.is(parseControl({ type: 'toString' }), null);
  assert.is(parseControl('hello'), null);
});

control('reads the mode a call carries, and falls back to Music for anything else', () => {
  assert.equal(parseCallMetadata({ mode: 'low-latency' }), { mode: 'low-latency' });
  assert.equal(parseCallMetadata({ mode: 'data-saver' }), { mode: 'data-saver' });
  assert.equal(parseCallMetadata({ mode: 'hifi' }), { mode: 'music' });
  assert.equal(parseCallMetadata({ mode: 'hasOwnProperty' }), { mode: 'music' });
  assert.equal(parseCallMetadata(undefined), { mode: 'music' });
});

control.run();
