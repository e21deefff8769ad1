import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import {
  decodeFrame, encodeOpusFrame, encodePcmFrame, HEADER_BYTES, unwrap,
} from '../../pwa/src/lib/ultra/frame.ts';

const frame = suite('pwa/lib/ultra/frame');

frame('round-trips stereo PCM within 16-bit precision', () => {
  const left = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i / 5));
  const right = Float32Array.from({ length: 128 }, (_, i) => -Math.cos(i / 7) * 0.5);
  const decoded = decodeFrame(encodePcmFrame(0xffff_fffe, 123_456, [left, right]));
  if (decoded?.format !== 'pcm16') throw new Error('expected a PCM frame');
  assert.is(decoded.sequence, 0xffff_fffe);
  assert.is(decoded.timestamp, 123_456);
  assert.is(decoded.channels.length, 2);
  for (const [sent, got] of [[left, decoded.channels[0]], [right, decoded.channels[1]]] as const) {
    assert.is(got?.length, 128);
    sent.forEach((value, i) => assert.ok(Math.abs(value - (got?.[i] ?? 9)) <= 1 / 0x7fff, `sample ${i}`));
  }
});

frame('clips samples outside -1..1 instead of wrapping them', () => {
  const decoded = decodeFrame(encodePcmFrame(1, 1, [Float32Array.of(2, -3)]));
  if (decoded?.format !== 'pcm16') throw new Error('expected a PCM frame');
  assert.equal([...(decoded.channels[0] ?? [])], [1, -1]);
});

frame('round-trips an Opus packet', () => {
  const packet = Uint8Array.of(1, 2, 3, 250);
  const decoded = decodeFrame(encodeOpusFrame(7, 480, 2, packet));
  if (decoded?.format !== 'opus') throw new Error('expected an Opus frame');
  assert.equal([...decoded.packet], [1, 2, 3, 250]);
  assert.is(decoded.channelCount, 2);
  assert.is(decoded.sequence, 7);
});

frame('refuses malformed frames', () => {
  const good = new Uint8Array(encodePcmFrame(1, 1, [new Float32Array(4), new Float32Array(4)]));
  const altered = (at: number, value: number) => {
    const copy = good.slice();
    copy[at] = value;
    return copy.buffer;
  };
  const cases: [string, unknown][] = [
    ['not an ArrayBuffer', 'hello'],
    ['a typed array, not its buffer', good],
    ['header only', good.slice(0, HEADER_BYTES).buffer],
    ['wrong magic', altered(0, 0x54)],
    ['unknown format', altered(1, 9)],
    ['three channels', altered(2, 3)],
    ['reserved byte set', altered(3, 1)],
    ['half a sample', good.slice(0, good.length - 1).buffer],
    ['too many samples', encodePcmFrame(1, 1, [new Float32Array(2000)])],
  ];
  for (const [why, data] of cases) assert.is(decodeFrame(data), null, why);
});

frame('keeps order across the 32-bit wrap', () => {
  const wrap = 2 ** 32;
  assert.is(unwrap(5, wrap - 10), wrap + 5);
  assert.is(unwrap(wrap - 10, wrap + 5), wrap - 10);
  assert.is(unwrap(100, 50), 100);
  assert.is(unwrap(40, 50), 40);
});

frame.run();
