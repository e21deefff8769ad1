/**
 * The quality modes a sender picks from. A mode decides what the listener asks the
 * encoder for (through its answer SDP), the cap the sender puts on its own encoder,
 * and where the listener's jitter buffer starts. Pure data, shared by both sides.
 */
import type { OpusTuning } from './sdp.ts';

export type QualityMode = 'music' | 'low-latency' | 'ultra' | 'data-saver';

export interface ModeSettings {
  name: string;
  hint: string;
  opus: OpusTuning;
  /**
   * Where the listener's jitter buffer target starts, in ms. The browser still grows
   * the buffer when the network gets bumpier; this is the floor it aims for.
   */
  bufferMs: number;
}

export const DEFAULT_MODE: QualityMode = 'music';

export const MODES: Readonly<Record<QualityMode, ModeSettings>> = {
  music: {
    name: 'Music',
    hint: 'Stereo at a high bitrate. Best for listening.',
    opus: { stereo: true, maxAverageBitrate: 256_000, inbandFec: true },
    bufferMs: 20,
  },
  'low-latency': {
    name: 'Low latency',
    hint: 'Shortest frames and the smallest buffer, for video and games.',
    // 10 ms frames halve the wait for a packet to fill; they cost some bitrate in headers.
    opus: { stereo: true, maxAverageBitrate: 192_000, inbandFec: true, ptimeMs: 10 },
    bufferMs: 0,
  },
  ultra: {
    name: 'Ultra-low latency',
    hint: 'Raw sound over a data channel, for lip sync on one network. Falls back by itself.',
    // The call still carries Opus as tuned for low latency: it is the instant fallback.
    opus: { stereo: true, maxAverageBitrate: 192_000, inbandFec: true, ptimeMs: 10 },
    bufferMs: 0,
  },
  'data-saver': {
    name: 'Data saver',
    hint: 'About 64 kbps, for phones on mobile data.',
    opus: { stereo: true, maxAverageBitrate: 64_000, inbandFec: true },
    // Mobile networks jitter more; a deeper buffer avoids dropouts.
    bufferMs: 150,
  },
};

export const MODE_ORDER: readonly QualityMode[] = ['music', 'low-latency', 'ultra', 'data-saver'];

export function isQualityMode(value: unknown): value is QualityMode {
  return typeof value === 'string' && Object.hasOwn(MODES, value);
}

/** The buffer the listener's control offers, in ms. */
export const BUFFER_RANGE = { min: 0, max: 500, step: 10 } as const;
