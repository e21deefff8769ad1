import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { type PcmFrame } from '../../pwa/src/lib/ultra/frame.ts';
import { JitterBuffer } from '../../pwa/src/lib/ultra/jitter-buffer.ts';

const RATE = 48_000;
const FRAME = 128;
const buffer = suite('pwa/lib/ultra/jitter-buffer');

/** Frame k of a ramp: sample n of the stream has the value n / 1e6, easy to check. */
function frameAt(k: number): PcmFrame {
  const samples = Float32Array.from({ length: FRAME }, (_, i) => (k * FRAME + i) / 1e6);
  return { format: 'pcm16', sequence: k, timestamp: k * FRAME, channels: [samples] };
}

function pull(jitter: JitterBuffer, count = FRAME): Float32Array {
  const out = new Float32Array(count);
  jitter.pull([out]);
  return out;
}

const fresh = () => new JitterBuffer({ sampleRate: RATE, channelCount: 1, initialTargetMs: 8 });

buffer('waits for its target, then plays frames in order', () => {
  const jitter = fresh();
  jitter.push(frameAt(0));
  assert.equal([...pull(jitter)].every((sample) => sample === 0), true, 'silence while buffering');
  for (let k = 1; k < 6; k++) jitter.push(frameAt(k));
  const out = pull(jitter);
  assert.ok(Math.abs((out[0] ?? 0) - 0) < 1e-9);
  assert.ok(Math.abs((out[FRAME - 1] ?? 0) - (FRAME - 1) / 1e6) < 1e-6);
});

buffer('puts reordered frames back in order and drops duplicates', () => {
  const jitter = fresh();
  for (const k of [0, 2, 1, 4, 3, 3, 5, 2]) jitter.push(frameAt(k));
  assert.is(jitter.stats.duplicates, 2);
  const played = [...pull(jitter, FRAME * 3)];
  played.forEach((sample, n) => assert.ok(Math.abs(sample - n / 1e6) < 1e-6, `sample ${n}`));
  assert.is(jitter.stats.concealed, 0);
});

buffer('conceals a lost frame with a faded repeat, and counts it', () => {
  const jitter = fresh();
  for (const k of [0, 1, 3, 4, 5, 6]) jitter.push(frameAt(k));
  pull(jitter, FRAME * 2);
  const concealed = pull(jitter);
  assert.is(jitter.stats.concealed, 1);
  assert.ok(Math.abs((concealed[10] ?? 0) - 0.5 * (FRAME + 10) / 1e6) < 1e-6, 'half of the frame before');
  const after = pull(jitter);
  assert.ok(Math.abs((after[0] ?? 0) - (3 * FRAME) / 1e6) < 1e-6, 'the next real frame plays');
});

buffer('drops a frame that arrives after its time', () => {
  const jitter = fresh();
  for (const k of [0, 2, 3, 4, 5]) jitter.push(frameAt(k));
  pull(jitter, FRAME * 2);
  jitter.push(frameAt(1));
  assert.is(jitter.stats.late, 1);
});

/** Plays `k` onwards until the buffer runs dry once more; answers the next frame to send. */
function runDry(jitter: JitterBuffer, k: number): number {
  const underruns = jitter.stats.underruns;
  let next = k;
  while (jitter.fill < jitter.target + 2 * FRAME) jitter.push(frameAt(next++));
  while (jitter.stats.underruns === underruns) pull(jitter);
  return next;
}

buffer('grows its target when underruns repeat, not for a lone one, and shrinks it when calm', () => {
  const jitter = new JitterBuffer({
    sampleRate: RATE, channelCount: 1, initialTargetMs: 8, calmSeconds: 1, warmUpSeconds: 0,
  });
  const before = jitter.target;
  let k = runDry(jitter, 0);
  assert.is(jitter.stats.underruns, 1);
  assert.is(jitter.target, before, 'a lone underrun leaves the target');

  k = runDry(jitter, k);
  assert.is(jitter.stats.underruns, 2);
  const grown = jitter.target;
  assert.ok(grown > before, `target ${grown} after a second underrun within a second, ${before} before`);

  for (let i = 0; i < (2 * RATE) / FRAME; i++) {
    while (jitter.fill < grown + FRAME) jitter.push(frameAt(k++));
    pull(jitter);
  }
  assert.is(jitter.stats.underruns, 2);
  assert.ok(jitter.target < grown, `target ${jitter.target} after two calm seconds, ${grown} before`);
});

buffer('does not grow its target for underruns further apart than a calm spell', () => {
  const jitter = new JitterBuffer({
    sampleRate: RATE, channelCount: 1, initialTargetMs: 8, calmSeconds: 1, warmUpSeconds: 0,
  });
  let k = runDry(jitter, 0);
  // Just over a second of steady play, held at the target, so the calm spell does not shrink it below.
  for (let i = 0; i < (1.1 * RATE) / FRAME; i++) {
    while (jitter.fill < jitter.target + FRAME) jitter.push(frameAt(k++));
    pull(jitter);
  }
  const before = jitter.target;
  runDry(jitter, k);
  assert.is(jitter.stats.underruns, 2);
  assert.ok(jitter.target <= before, `target ${jitter.target} after a second underrun a second later, ${before} before`);
});

buffer('skips ahead rather than keep a backlog far past its target', () => {
  const jitter = fresh();
  for (let k = 0; k < 100; k++) jitter.push(frameAt(k));
  const target = jitter.target;
  const out = pull(jitter);
  assert.is(jitter.stats.skips, 1);
  assert.ok(jitter.fill <= target, `fill ${jitter.fill} after the skip, target ${target}`);
  const firstPlayed = (100 * FRAME - target) / 1e6;
  assert.ok(Math.abs((out[0] ?? 0) - firstPlayed) < 1e-6, `played from ${out[0]}, not ${firstPlayed}`);
});

buffer('trims what a burst brought beyond its target when playback starts, not later', () => {
  const jitter = fresh();
  const target = jitter.target;
  const windowPulls = Math.ceil((0.05 * RATE) / FRAME) + 1;
  let k = 0;
  // A burst at the start: two frames (5.3 ms) beyond the target arrive at once.
  while (jitter.fill < target + 2 * FRAME) jitter.push(frameAt(k++));
  /** Steady arrivals from then on: a frame comes for every frame played. */
  const playWindow = () => {
    for (let i = 0; i < windowPulls; i++) {
      jitter.push(frameAt(k++));
      pull(jitter);
    }
  };
  playWindow();
  assert.is(jitter.stats.skips, 1, 'the start-up excess is trimmed');
  playWindow();
  assert.ok((jitter.low ?? Infinity) <= target + FRAME, `low point ${jitter.low}, target ${target}`);

  // Once settled, the same excess is left to the drift controller: a skip is audible.
  jitter.push(frameAt(k++));
  jitter.push(frameAt(k++));
  playWindow();
  playWindow();
  assert.is(jitter.stats.skips, 1);
  assert.is(jitter.stats.underruns, 0);
});

buffer('does not grow its target for underruns while warming up', () => {
  const jitter = new JitterBuffer({ sampleRate: RATE, channelCount: 1, warmUpSeconds: 1 });
  const before = jitter.target;
  for (let k = 0; k < 4; k++) jitter.push(frameAt(k));
  for (let i = 0; i < 4; i++) pull(jitter);
  assert.is(jitter.stats.underruns, 1);
  assert.is(jitter.target, before);
});

buffer('holds the fill level over an hour with a 100 ppm clock difference', () => {
  for (const ppm of [100, -100]) {
    const result = simulateHour(ppm);
    assert.is(result.underrunsAfterFirstMinute, 0, `${ppm} ppm: underruns`);
    assert.is(result.skipsAfterFirstMinute, 0, `${ppm} ppm: skips`);
    assert.ok(result.maxFillMs < 20, `${ppm} ppm: fill reached ${result.maxFillMs} ms`);
    // Uncorrected, 100 ppm moves the fill by 6 ms every minute (360 ms in the hour).
    const creep = Math.abs(result.lastTenMinutesMs - result.secondTenMinutesMs);
    assert.ok(creep < 1, `${ppm} ppm: mean fill ${result.secondTenMinutesMs} ms early, ${result.lastTenMinutesMs} ms late`);
  }
});

buffer.run();

interface HourResult {
  maxFillMs: number;
  /** Mean fill over minutes 10-20 and 50-60. */
  secondTenMinutesMs: number;
  lastTenMinutesMs: number;
  underrunsAfterFirstMinute: number;
  skipsAfterFirstMinute: number;
}

/**
 * The sender's clock runs `ppm` fast (or slow); 4 ms frames reach the listener
 * 5 ms later with up to 1 ms of jitter (a fixed pseudo-random sequence); the
 * listener's audio thread pulls one frame's worth on its own clock. An hour at
 * 48 kHz takes the buffer a minute of CPU here, so the hour runs at 16 kHz: the
 * drift, the delays and the controller all work in seconds, not samples.
 */
function simulateHour(ppm: number): HourResult {
  const RATE = 16_000;
  const FRAME = 64;
  const jitter = new JitterBuffer({ sampleRate: RATE, channelCount: 1 });
  const senderRate = RATE * (1 + ppm / 1e6);
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const silence = new Float32Array(FRAME);
  const hour = 3600;
  let nextFrame = 0;
  let arrival = 0.005;
  let maxFill = 0;
  const sums = { early: 0, earlyCount: 0, late: 0, lateCount: 0 };
  let underrunsAtMinute: number | null = null;
  let skipsAtMinute: number | null = null;

  for (let pullIndex = 0; ; pullIndex++) {
    const now = (pullIndex * FRAME) / RATE;
    if (now > hour) break;
    while (arrival <= now) {
      jitter.push({ format: 'pcm16', sequence: nextFrame, timestamp: (nextFrame * FRAME) % 2 ** 32, channels: [silence] });
      nextFrame += 1;
      arrival = (nextFrame * FRAME) / senderRate + 0.005 + random() * 0.001;
    }
    jitter.pull([new Float32Array(FRAME)]);
    if (now >= 60) {
      underrunsAtMinute ??= jitter.stats.underruns;
      skipsAtMinute ??= jitter.stats.skips;
      const fillMs = (jitter.fill / RATE) * 1000;
      maxFill = Math.max(maxFill, fillMs);
      if (now >= 600 && now < 1200) {
        sums.early += fillMs;
        sums.earlyCount += 1;
      } else if (now >= 3000) {
        sums.late += fillMs;
        sums.lateCount += 1;
      }
    }
  }
  return {
    maxFillMs: Math.round(maxFill * 10) / 10,
    secondTenMinutesMs: Math.round((sums.early / sums.earlyCount) * 100) / 100,
    lastTenMinutesMs: Math.round((sums.late / sums.lateCount) * 100) / 100,
    underrunsAfterFirstMinute: jitter.stats.underruns - (underrunsAtMinute ?? 0),
    skipsAfterFirstMinute: jitter.stats.skips - (skipsAtMinute ?? 0),
  };
}
