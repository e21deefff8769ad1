import { isRecord, parseJson } from '../server/json.ts';

/** What a peerjs client may send the broker; anything else ends its connection. */
const RELAYED = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE'] as const;
type Relayed = (typeof RELAYED)[number];

export type Frame = { type: 'HEARTBEAT' } | { type: Relayed; dst: string };

const MAX_ID_LENGTH = 128;

/**
 * Checks one text frame from a peer of `sessionId`. Signalling may only go to
 * peers of the same session, whose ids start with its id, so a peer can never
 * reach into another session even with a valid ticket.
 */
export function readFrame(data: string, sessionId: string): Frame | null {
  let value: unknown;
  try {
    value = parseJson(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { type, dst } = value;
  if (type === 'HEARTBEAT') return { type };
  if (!isRelayed(type)) return null;
  if (typeof dst !== 'string' || dst.length > MAX_ID_LENGTH || !dst.startsWith(sessionId)) return null;
  return { type, dst };
}

function isRelayed(type: unknown): type is Relayed {
  return RELAYED.some((relayed) => relayed === type);
}
