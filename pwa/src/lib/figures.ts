/**
 * Live figures of a received stream, from two `getStats()` reports a moment apart.
 * Latency is what the phone adds on top of the wire: the time sound waits in the
 * jitter buffer, half the round trip (one way on the network), and the playout
 * delay of the audio device. Counters in the reports only ever grow, so each figure
 * comes from the difference between two reports: it describes the last interval,
 * not the whole call. Pure, so Node tests can feed it hand-made reports.
 */
import { isRecord, type Fields } from './validate.ts';

export type Path = 'direct' | 'relayed';

export interface Figures {
  /** Estimated sender-to-ear delay in ms, or null until the parts are known. */
  latencyMs: number | null;
  jitterBufferMs: number | null;
  halfRoundTripMs: number | null;
  playoutMs: number | null;
  bitrateKbps: number | null;
  /** Share of packets lost in the interval, 0-100. */
  lossPercent: number | null;
  path: Path | null;
}

/** What one report says, kept to compute the next interval's figures. */
export interface Sample {
  /** Report time in ms (the stats' own timestamp). */
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  totalPlayoutDelay: number;
  totalSamplesCount: number;
  roundTripS: number | null;
  path: Path | null;
}

/** Reads the figures-relevant counters out of a report's entries; null without audio. */
export function sampleOf(entries: Iterable<unknown>): Sample | null {
  const byId = entriesById(entries);
  const stats = [...byId.values()];
  const inbound = stats.find((each) => each.type === 'inbound-rtp' && each.kind === 'audio');
  if (!inbound) return null;

  const playout = byId.get(str(inbound.playoutId) ?? '') ??
    stats.find((each) => each.type === 'media-playout');
  const pair = selectedPair(stats, byId);
  return {
    at: num(inbound.timestamp) ?? 0,
    bytesReceived: num(inbound.bytesReceived) ?? 0,
    packetsReceived: num(inbound.packetsReceived) ?? 0,
    // Negative when duplicates arrive; the interval's loss is clamped below instead.
    packetsLost: num(inbound.packetsLost) ?? 0,
    jitterBufferDelay: num(inbound.jitterBufferDelay) ?? 0,
    jitterBufferEmittedCount: num(inbound.jitterBufferEmittedCount) ?? 0,
    totalPlayoutDelay: num(playout?.totalPlayoutDelay) ?? 0,
    totalSamplesCount: num(playout?.totalSamplesCount) ?? 0,
    roundTripS: num(pair?.currentRoundTripTime) ?? null,
    path: pair ? pathOf(pair, byId) : null,
  };
}

/** The figures for the interval between two samples (or since the start, without one). */
export function figuresBetween(previous: Sample | null, current: Sample): Figures {
  const zero: Sample = { ...current, bytesReceived: 0, packetsReceived: 0, packetsLost: 0,
    jitterBufferDelay: 0, jitterBufferEmittedCount: 0, totalPlayoutDelay: 0, totalSamplesCount: 0 };
  const before = previous ?? zero;
  const delta = (key: keyof Omit<Sample, 'roundTripS' | 'path'>) => current[key] - before[key];

  const jitterBufferMs =
    ratio(delta('jitterBufferDelay') * 1000, delta('jitterBufferEmittedCount'));
  const playoutMs = ratio(delta('totalPlayoutDelay') * 1000, delta('totalSamplesCount'));
  const halfRoundTripMs = current.roundTripS === null ? null : (current.roundTripS * 1000) / 2;
  const seconds = delta('at') / 1000;
  const bitrateKbps =
    previous && seconds > 0 ? (delta('bytesReceived') * 8) / seconds / 1000 : null;

  const lost = Math.max(0, delta('packetsLost'));
  const expected = lost + Math.max(0, delta('packetsReceived'));
  const lossPercent = expected > 0 ? (lost / expected) * 100 : null;

  // Chromium may not report playout delay (no media-playout entry): latency then
  // leaves it out rather than being unknown, as it is the smallest part.
  const latencyMs = jitterBufferMs === null || halfRoundTripMs === null
    ? null
    : jitterBufferMs + halfRoundTripMs + (playoutMs ?? 0);
  return {
    latencyMs, jitterBufferMs, halfRoundTripMs, playoutMs, bitrateKbps, lossPercent,
    path: current.path,
  };
}

/** "42 ms · 256 kbps · 0.0% loss · direct", with dashes for what is not known yet. */
export function describeFigures(figures: Pick<Figures,
  'latencyMs' | 'bitrateKbps' | 'lossPercent' | 'path'>): string {
  const latency = figures.latencyMs === null ? '–' : `${Math.round(figures.latencyMs)} ms`;
  const bitrate = figures.bitrateKbps === null ? '–' : `${Math.round(figures.bitrateKbps)} kbps`;
  const loss = figures.lossPercent === null ? '–' : `${figures.lossPercent.toFixed(1)}% loss`;
  return [latency, bitrate, loss, figures.path ?? '–'].join(' · ');
}

/** Whether the pair in use is direct or relayed, from a report's entries; null before one. */
export function pathIn(entries: Iterable<unknown>): Path | null {
  const byId = entriesById(entries);
  const pair = selectedPair([...byId.values()], byId);
  return pair ? pathOf(pair, byId) : null;
}

function entriesById(entries: Iterable<unknown>): Map<string, Fields> {
  const byId = new Map<string, Fields>();
  for (const entry of entries) {
    if (isRecord(entry) && typeof entry.id === 'string') byId.set(entry.id, entry);
  }
  return byId;
}

function selectedPair(stats: Fields[], byId: Map<string, Fields>): Fields | undefined {
  const transport = stats.find((each) => each.type === 'transport');
  const selected = byId.get(str(transport?.selectedCandidatePairId) ?? '');
  if (selected) return selected;
  // Browsers without the transport entry mark the pair in use as nominated and succeeded.
  return stats.find((each) => each.type === 'candidate-pair' && each.nominated === true &&
    each.state === 'succeeded');
}

function pathOf(pair: Fields, byId: Map<string, Fields>): Path {
  const local = byId.get(str(pair.localCandidateId) ?? '');
  const remote = byId.get(str(pair.remoteCandidateId) ?? '');
  const relayed = local?.candidateType === 'relay' || remote?.candidateType === 'relay';
  return relayed ? 'relayed' : 'direct';
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
