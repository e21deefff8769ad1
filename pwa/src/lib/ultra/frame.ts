/**
 * The wire format of the ultra-low-latency path: one small frame per data-channel
 * message. Twelve bytes of header, then the audio.
 *
 *   0  u8   magic 0x53 ('S')
 *   1  u8   format: 1 = 16-bit PCM, interleaved; 2 = one Opus packet
 *   2  u8   channels (1 or 2)
 *   3  u8   reserved, 0
 *   4  u32  sequence number, +1 per frame, wrapping
 *   8  u32  timestamp of the first sample, in samples at the stream's rate, wrapping
 *  12  ...  payload
 *
 * Frames arrive from another device, so decoding checks every field and answers
 * null for anything malformed.
 */
export const FRAME_MAGIC = 0x53;
export const HEADER_BYTES = 12;
/** 20 ms at 48 kHz: far above the few milliseconds a frame carries, far below abuse. */
export const MAX_FRAME_SAMPLES = 960;

export type FrameFormat = 'pcm16' | 'opus';
const FORMAT_CODES: Record<FrameFormat, number> = { pcm16: 1, opus: 2 };

interface FrameHeader {
  sequence: number;
  timestamp: number;
}

export interface PcmFrame extends FrameHeader {
  format: 'pcm16';
  /** One Float32Array per channel, all the same length. */
  channels: Float32Array[];
}

export interface OpusFrame extends FrameHeader {
  format: 'opus';
  channelCount: number;
  packet: Uint8Array;
}

export type Frame = PcmFrame | OpusFrame;

export function encodePcmFrame(sequence: number, timestamp: number, channels: Float32Array[]):
  ArrayBuffer {
  const length = channels[0]?.length ?? 0;
  const buffer = new ArrayBuffer(HEADER_BYTES + length * channels.length * 2);
  const view = writeHeader(buffer, 'pcm16', channels.length, sequence, timestamp);
  let offset = HEADER_BYTES;
  for (let i = 0; i < length; i++) {
    for (const channel of channels) {
      const sample = Math.max(-1, Math.min(1, channel[i] ?? 0));
      view.setInt16(offset, Math.round(sample * 0x7fff), true);
      offset += 2;
    }
  }
  return buffer;
}

export function encodeOpusFrame(sequence: number, timestamp: number, channelCount: number,
  packet: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(HEADER_BYTES + packet.byteLength);
  writeHeader(buffer, 'opus', channelCount, sequence, timestamp);
  new Uint8Array(buffer, HEADER_BYTES).set(packet);
  return buffer;
}

export function decodeFrame(data: unknown): Frame | null {
  if (!(data instanceof ArrayBuffer) || data.byteLength <= HEADER_BYTES) return null;
  const view = new DataView(data);
  const format = view.getUint8(1);
  const channelCount = view.getUint8(2);
  if (view.getUint8(0) !== FRAME_MAGIC || view.getUint8(3) !== 0) return null;
  if (channelCount !== 1 && channelCount !== 2) return null;
  const header = { sequence: view.getUint32(4, true), timestamp: view.getUint32(8, true) };
  const payloadBytes = data.byteLength - HEADER_BYTES;

  if (format === FORMAT_CODES.opus) {
    return { format: 'opus', channelCount, packet: new Uint8Array(data, HEADER_BYTES), ...header };
  }
  if (format !== FORMAT_CODES.pcm16 || payloadBytes % (2 * channelCount) !== 0) return null;
  const length = payloadBytes / (2 * channelCount);
  if (length > MAX_FRAME_SAMPLES) return null;

  const channels = Array.from({ length: channelCount }, () => new Float32Array(length));
  let offset = HEADER_BYTES;
  for (let i = 0; i < length; i++) {
    for (const channel of channels) {
      channel[i] = view.getInt16(offset, true) / 0x7fff;
      offset += 2;
    }
  }
  return { format: 'pcm16', channels, ...header };
}

function writeHeader(buffer: ArrayBuffer, format: FrameFormat, channelCount: number,
  sequence: number, timestamp: number): DataView {
  const view = new DataView(buffer);
  view.setUint8(0, FRAME_MAGIC);
  view.setUint8(1, FORMAT_CODES[format]);
  view.setUint8(2, channelCount);
  view.setUint8(3, 0);
  view.setUint32(4, sequence >>> 0, true);
  view.setUint32(8, timestamp >>> 0, true);
  return view;
}

const WRAP = 2 ** 32;

/**
 * Extends a wrapping 32-bit counter to the value nearest `reference`, so
 * ordering keeps working across the wrap (about 25 hours of samples at 48 kHz).
 */
export function unwrap(value: number, reference: number): number {
  const base = reference - (reference % WRAP);
  const candidates = [base - WRAP + value, base + value, base + WRAP + value];
  let best = candidates[1] ?? value;
  for (const candidate of candidates) {
    if (Math.abs(candidate - reference) < Math.abs(best - reference)) best = candidate;
  }
  return best;
}
