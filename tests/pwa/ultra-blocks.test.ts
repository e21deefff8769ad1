import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { Blocks } from '../../pwa/src/lib/ultra/blocks.ts';

const blocks = suite('pwa/lib/ultra/blocks');

/** Samples first..first+length-1 of a ramp, on two channels (the right one negated). */
function piece(first: number, length: number): Float32Array[] {
  const left = Float32Array.from({ length }, (_, i) => first + i);
  return [left, left.map((value) => -value)];
}

blocks('cuts pieces of any length into whole blocks, in order, losing nothing', () => {
  const out: Float32Array[][] = [];
  const cutter = new Blocks(240, 2, (block) => out.push(block));
  let sent = 0;
  for (const length of [480, 441, 7, 960, 1, 239, 128]) {
    cutter.push(piece(sent, length));
    sent += length;
  }
  assert.is(out.length, Math.floor(sent / 240));
  out.forEach((block, k) => {
    assert.is(block[0]?.length, 240);
    block[0]?.forEach((value, i) => assert.is(value, k * 240 + i));
    block[1]?.forEach((value, i) => assert.is(value, -(k * 240 + i)));
  });
});

blocks('a piece of exactly one block goes out at once', () => {
  const out: Float32Array[][] = [];
  new Blocks(240, 2, (block) => out.push(block)).push(piece(0, 240));
  assert.is(out.length, 1);
});

blocks('ignores a piece with the wrong number of channels', () => {
  const out: Float32Array[][] = [];
  const cutter = new Blocks(4, 2, (block) => out.push(block));
  cutter.push([new Float32Array(8)]);
  assert.is(out.length, 0);
});

blocks.run();
