import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { describeFigures, figuresBetween, pathIn, sampleOf } from '../../pwa/src/lib/figures.ts';

/** A receiver's report as Chromium shapes it, with the counters given. */
function report(at: number, counters: {
  bytes: number; packets: number; lost: number; jbDelayS: number; jbEmitted: number;
  playoutS: number; samples: number; rttS: number; localType?: string;
}): unknown[] {
  return [
    { id: 'T01', type: 'transport', timestamp: at, selectedCandidatePairId: 'CP1' },
    { id: 'CP0', type: 'candidate-pair', timestamp: at, localCandidateId: 'L0',
      remoteCandidateId: 'R1', state: 'failed', nominated: false, currentRoundTripTime: 9 },
    { id: 'CP1', type: 'candidate-pair', timestamp: at, localCandidateId: 'L1',
      remoteCandidateId: 'R1', state: 'succeeded', nominated: true,
      currentRoundTripTime: counters.rttS },
    { id: 'L0', type: 'local-candidate', candidateType: 'relay' },
    { id: 'L1', type: 'local-candidate', candidateType: counters.localType ?? 'host' },
    { id: 'R1', type: 'remote-candidate', candidateType: 'host' },
    { id: 'IT01', type: 'inbound-rtp', kind: 'audio', timestamp: at, playoutId: 'AP',
      bytesReceived: counters.bytes, packetsReceived: counters.packets,
      packetsLost: counters.lost, jitterBufferDelay: counters.jbDelayS,
      jitterBufferEmittedCount: counters.jbEmitted },
    { id: 'AP', type: 'media-playout', kind: 'audio', timestamp: at,
      totalPlayoutDelay: counters.playoutS, totalSamplesCount: counters.samples },
  ];
}

const figures = suite('pwa/figures');

figures('adds jitter buffer, half the round trip and playout into the latency', () => {
  const first = sampleOf(report(1000, { bytes: 0, packets: 0, lost: 0, jbDelayS: 0,
    jbEmitted: 0, playoutS: 0, samples: 0, rttS: 0.002 }));
  // Over one second: 48,000 samples waited 30 ms each in the buffer, 5 ms in playout.
  const second = sampleOf(report(2000, { bytes: 32_000, packets: 100, lost: 0,
    jbDelayS: 48_000 * 0.03, jbEmitted: 48_000, playoutS: 48_000 * 0.005, samples: 48_000,
    rttS: 0.004 }));
  if (!first || !second) throw new Error('both reports have audio');

  const result = figuresBetween(first, second);
  assert.is(result.jitterBufferMs, 30);
  assert.is(result.halfRoundTripMs, 2);
  assert.is(result.playoutMs, 5);
  assert.is(result.latencyMs, 37);
  assert.is(result.bitrateKbps, 256);
  assert.is(result.lossPercent, 0);
  assert.is(result.path, 'direct');
});

figures('describes the last interval, not the average since the start', () => {
  const counters = { bytes: 0, packets: 1000, lost: 0, jbDelayS: 4800, jbEmitted: 48_000,
    playoutS: 0, samples: 0, rttS: 0 };
  const first = sampleOf(report(1000, counters));
  // The next second: 10 of 100 packets lost, and the buffer holds 20 ms instead of 100.
  const second = sampleOf(report(2000, { ...counters, packets: 1090, lost: 10,
    jbDelayS: 4800 + 960, jbEmitted: 96_000 }));
  if (!first || !second) throw new Error('both reports have audio');

  const result = figuresBetween(first, second);
  assert.is(result.jitterBufferMs, 20);
  assert.is(result.lossPercent, 10);
  assert.is(figuresBetween(null, first).jitterBufferMs, 100);
  assert.is(figuresBetween(null, first).bitrateKbps, null);
});

figures('says relayed when either end of the pair in use is a relay candidate', () => {
  const counters = { bytes: 0, packets: 0, lost: 0, jbDelayS: 0, jbEmitted: 0, playoutS: 0,
    samples: 0, rttS: 0.01 };
  assert.is(sampleOf(report(1, { ...counters, localType: 'relay' }))?.path, 'relayed');
  assert.is(sampleOf(report(1, counters))?.path, 'direct');
});

figures('finds the nominated pair when there is no transport entry', () => {
  const entries = report(1, { bytes: 0, packets: 0, lost: 0, jbDelayS: 0, jbEmitted: 0,
    playoutS: 0, samples: 0, rttS: 0.006, localType: 'relay' }).slice(1);
  const sample = sampleOf(entries);
  assert.is(sample?.roundTripS, 0.006);
  assert.is(sample?.path, 'relayed');
});

figures('reads the path of a sender\'s connection too, which receives no audio', () => {
  const counters = { bytes: 0, packets: 0, lost: 0, jbDelayS: 0, jbEmitted: 0, playoutS: 0,
    samples: 0, rttS: 0.01 };
  const senderSide = (localType: string) => report(1, { ...counters, localType })
    .filter((entry) => (entry as { type: string }).type !== 'inbound-rtp');
  assert.is(pathIn(senderSide('relay')), 'relayed');
  assert.is(pathIn(senderSide('host')), 'direct');
  assert.is(pathIn([{ id: 'T', type: 'transport' }, 'junk', null]), null);
});

figures('leaves unknown what the report does not say', () => {
  assert.is(sampleOf([{ id: 'x', type: 'outbound-rtp', kind: 'audio' }]), null);
  assert.is(sampleOf(['junk', null, 7]), null);
  const sample = sampleOf([{ id: 'IT', type: 'inbound-rtp', kind: 'audio', timestamp: 5 }]);
  if (!sample) throw new Error('an inbound entry alone is a sample');
  const result = figuresBetween(null, sample);
  assert.equal(result, { latencyMs: null, jitterBufferMs: null, halfRoundTripMs: null,
    playoutMs: null, bitrateKbps: null, lossPercent: null, path: null });
});

figures('duplicated packets do not show as negative loss', () => {
  const counters = { bytes: 0, packets: 100, lost: 2, jbDelayS: 0, jbEmitted: 0, playoutS: 0,
    samples: 0, rttS: 0 };
  const first = sampleOf(report(1000, counters));
  const second = sampleOf(report(2000, { ...counters, packets: 200, lost: 0 }));
  if (!first || !second) throw new Error('both reports have audio');
  assert.is(figuresBetween(first, second).lossPercent, 0);
});

figures('reads as one short line', () => {
  assert.is(describeFigures({ latencyMs: 36.6, bitrateKbps: 255.7, lossPercent: 0.25,
    path: 'direct' }), '37 ms · 256 kbps · 0.3% loss · direct');
  assert.is(describeFigures({ latencyMs: null, bitrateKbps: null, lossPercent: null,
    path: null }), '– · – · – · –');
});

figures.run();
