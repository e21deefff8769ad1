import { readStartedSession, type StartedSession } from './api.ts';
import { DEFAULT_MODE, isQualityMode, type QualityMode } from './quality.ts';
import type { SourceKind } from './sources.ts';

/**
 * What a tab needs to pick its stream up again after a reload: the laptop its
 * session (ticket included), the phone the code it joined with. Kept in
 * sessionStorage, which belongs to the one tab and is gone when it closes, and
 * cleared as soon as the stream ends.
 */
const SEND_KEY = 'sono.send';
const LISTEN_KEY = 'sono.listen';

export interface SavedSend {
  started: StartedSession;
  source: SourceKind;
  mode: QualityMode;
}

export function saveSend({ started, source, mode }: SavedSend): void {
  const { session, peer, iceServers, iceTransportPolicy } = started;
  const answer = {
    session: { ...session, endsAt: session.endsAt.toISOString() }, peer, iceServers, iceTransportPolicy,
  };
  write(SEND_KEY, { answer, source, mode });
}

export function loadSend(now = Date.now()): SavedSend | null {
  const saved = read(SEND_KEY);
  if (!saved || !isSourceKind(saved.source)) return clear(SEND_KEY);
  try {
    const started = readStartedSession(saved.answer);
    const mode = isQualityMode(saved.mode) ? saved.mode : DEFAULT_MODE;
    return started.session.endsAt.getTime() > now
      ? { started, source: saved.source, mode } : clear(SEND_KEY);
  } catch {
    return clear(SEND_KEY);
  }
}

export function clearSend(): void {
  clear(SEND_KEY);
}

export function saveListen(code: string): void {
  write(LISTEN_KEY, { code });
}

export function loadListen(): string | null {
  const saved = read(LISTEN_KEY);
  return typeof saved?.code === 'string' ? saved.code : clear(LISTEN_KEY);
}

export function clearListen(): void {
  clear(LISTEN_KEY);
}

function isSourceKind(value: unknown): value is SourceKind {
  return value === 'tab' || value === 'input' || value === 'test';
}

function write(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: a reload then starts afresh, nothing worse.
  }
}

function read(key: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

function clear(key: string): null {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to clear.
  }
  return null;
}
