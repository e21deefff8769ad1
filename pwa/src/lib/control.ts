/**
 * Messages between a listener and the sender. They come from another device, so
 * each one is checked field by field before use; anything that is not a known
 * message is dropped rather than guessed at.
 */
import type { Figures, Path } from './figures.ts';
import { DEFAULT_MODE, isQualityMode, type QualityMode } from './quality.ts';
import { isRecord, type Fields } from './validate.ts';

export type HelloMessage = { type: 'hello' };
export type EndMessage = { type: 'end' };
/** The listener's live figures, so the laptop can show how each phone is doing. */
export type StatsMessage = { type: 'stats' } & SharedFigures;
export type ControlMessage = HelloMessage | EndMessage | StatsMessage;

export type SharedFigures = Pick<Figures, 'latencyMs' | 'bitrateKbps' | 'lossPercent' | 'path'>;

type ControlType = ControlMessage['type'];
type MessageOf<T extends ControlType> = Extract<ControlMessage, { type: T }>;
type Validator<T extends ControlType> = (fields: Fields) => MessageOf<T> | null;

/** Far above anything real; a bigger number is a broken or hostile peer. */
const MAX_FIGURE = 1_000_000;

/**
 * One validator per message type. Adding a message means adding a member to the
 * union and a validator here; the compiler then insists on both.
 */
const VALIDATORS: { [T in ControlType]: Validator<T> } = {
  hello: () => ({ type: 'hello' }),
  end: () => ({ type: 'end' }),
  stats: (fields) => {
    const latencyMs = figure(fields.latencyMs);
    const bitrateKbps = figure(fields.bitrateKbps);
    const lossPercent = figure(fields.lossPercent);
    const path = pathOf(fields.path);
    if ([latencyMs, bitrateKbps, lossPercent, path].includes(undefined)) return null;
    return {
      type: 'stats',
      latencyMs: latencyMs ?? null,
      bitrateKbps: bitrateKbps ?? null,
      lossPercent: lossPercent === null || lossPercent === undefined
        ? null
        : Math.min(100, lossPercent),
      path: path ?? null,
    };
  },
};

function isControlType(value: unknown): value is ControlType {
  return typeof value === 'string' && Object.hasOwn(VALIDATORS, value);
}

/** A known control message rebuilt from trusted parts, or null for anything else. */
export function parseControl(data: unknown): ControlMessage | null {
  if (!isRecord(data) || !isControlType(data.type)) return null;
  return VALIDATORS[data.type](data);
}

export const hello = (): HelloMessage => ({ type: 'hello' });
export const end = (): EndMessage => ({ type: 'end' });
export const stats = (figures: SharedFigures): StatsMessage => ({
  type: 'stats',
  latencyMs: figures.latencyMs,
  bitrateKbps: figures.bitrateKbps,
  lossPercent: figures.lossPercent,
  path: figures.path,
});

/**
 * What the sender attaches to each call. The mode rides with the offer itself rather
 * than in a data-channel message: the offer comes through the broker and a message
 * straight between the devices, so either could arrive first, and the listener must
 * know the mode when it writes its answer.
 */
export interface CallMetadata {
  mode: QualityMode;
}

export const callMetadata = (mode: QualityMode): CallMetadata => ({ mode });

/** An unknown or missing mode falls back to the default rather than refusing sound. */
export function parseCallMetadata(data: unknown): CallMetadata {
  const mode = isRecord(data) ? data.mode : undefined;
  return { mode: isQualityMode(mode) ? mode : DEFAULT_MODE };
}

/** A finite, non-negative number, null; undefined when the field is malformed. */
function figure(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return value >= 0 && value <= MAX_FIGURE ? value : undefined;
}

function pathOf(value: unknown): Path | null | undefined {
  if (value === null) return null;
  return value === 'direct' || value === 'relayed' ? value : undefined;
}
