/**
 * Calls to Sono's API. Every answer is checked field by field, and every failure
 * becomes an ApiError whose message can be shown to the user as it is.
 */
import { UserError } from './user-error.ts';
import { list, optionalText, record, ShapeError, text, time } from './validate.ts';

export interface PeerCredentials {
  id: string;
  ticket: string;
}

/** How the peers may connect: the servers to use and whether only relays are allowed. */
export interface IceConfig {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

export interface StartedSession extends IceConfig {
  /** cooldownEndsAt: when the next free session may start; null on a plan without limits. */
  session: { id: string; code: string; endsAt: Date; cooldownEndsAt: Date | null };
  peer: PeerCredentials;
}

export interface JoinedSession extends IceConfig {
  session: { id: string; endsAt: Date };
  senderPeerId: string;
  peer: PeerCredentials;
}

export class ApiError extends UserError {
  /** The API's error code, or 'network' / 'bad_answer' for failures on the way. */
  readonly code: string;
  readonly status: number;
  /** From a 429's Retry-After header, when there was one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, status = 0, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const UNREACHABLE = 'Could not reach Sono. Check your connection and try again.';
const NOT_UNDERSTOOD = 'Sono answered in a way this app does not understand. Try reloading.';

export async function createSession(): Promise<StartedSession> {
  const answer = await request('POST', '/api/sessions', {});
  return parsed(() => readStartedSession(answer));
}

/** Checks an answer of POST /api/sessions (or one kept from it) field by field. */
export function readStartedSession(answer: unknown): StartedSession {
  const body = record(answer, 'answer');
  const session = record(body.session, 'session');
  return {
    session: {
      id: text(session.id, 'session.id'),
      code: text(session.code, 'session.code'),
      endsAt: time(session.endsAt, 'session.endsAt'),
      cooldownEndsAt: session.cooldownEndsAt === null || session.cooldownEndsAt === undefined
        ? null
        : time(session.cooldownEndsAt, 'session.cooldownEndsAt'),
    },
    peer: parsePeer(body.peer),
    iceServers: parseIceServers(body.iceServers),
    iceTransportPolicy: body.iceTransportPolicy === 'relay' ? 'relay' : 'all',
  };
}

/** `code` must already be normalised (see normalizeCode). */
export async function joinSession(code: string): Promise<JoinedSession> {
  const answer = await request('POST', '/api/sessions/join', { code });
  return parsed(() => {
    const body = record(answer, 'answer');
    const session = record(body.session, 'session');
    return {
      session: {
        id: text(session.id, 'session.id'),
        endsAt: time(session.endsAt, 'session.endsAt'),
      },
      senderPeerId: text(body.senderPeerId, 'senderPeerId'),
      peer: parsePeer(body.peer),
      iceServers: parseIceServers(body.iceServers),
      iceTransportPolicy: body.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    };
  });
}

/** `keepalive` lets the request outlive the page, for when the tab is being closed. */
export async function endSession(
  sessionId: string,
  senderTicket: string,
  { keepalive = false } = {},
): Promise<void> {
  const path = `/api/sessions/${encodeURIComponent(sessionId)}`;
  const headers = { Authorization: `Bearer ${senderTicket}` };
  await request('DELETE', path, undefined, headers, keepalive);
}

export async function request(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  keepalive = false,
): Promise<unknown> {
  const init: RequestInit = { method, headers, credentials: 'same-origin', keepalive };
  if (body !== undefined) {
    init.headers = { ...headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('network', UNREACHABLE);
  }

  const answer = await readJson(response);
  if (!response.ok) throw errorFrom(response, answer);
  return answer;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch {
    // A proxy's HTML error page lands here; the status still tells the user something.
    if (!response.ok) return null;
    throw new ApiError('bad_answer', NOT_UNDERSTOOD, response.status);
  }
}

function errorFrom(response: Response, answer: unknown): ApiError {
  const { status } = response;
  const retryAfter = Number(response.headers.get('Retry-After') ?? Number.NaN);
  try {
    const error = record(record(answer, 'answer').error, 'error');
    const message = text(error.message, 'error.message');
    const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
    return new ApiError(text(error.code, 'error.code'), message, status, wait);
  } catch {
    const message = `Sono could not do that right now (HTTP ${status}). Try again in a moment.`;
    return new ApiError('http_error', message, status);
  }
}

function parsed<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    // The field name helps whoever debugs a server change; the user gets plain words.
    console.warn(`Unexpected API answer: ${error.message}`);
    throw new ApiError('bad_answer', NOT_UNDERSTOOD);
  }
}

function parsePeer(value: unknown): PeerCredentials {
  const peer = record(value, 'peer');
  return { id: text(peer.id, 'peer.id'), ticket: text(peer.ticket, 'peer.ticket') };
}

function parseIceServers(value: unknown): RTCIceServer[] {
  return list(value, 'iceServers').map((item, index) => {
    const field = `iceServers[${index}]`;
    const server = record(item, field);
    const urls = Array.isArray(server.urls)
      ? list(server.urls, `${field}.urls`).map((url, i) => text(url, `${field}.urls[${i}]`))
      : text(server.urls, `${field}.urls`);
    const username = optionalText(server.username, `${field}.username`);
    const credential = optionalText(server.credential, `${field}.credential`);
    return {
      urls,
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    };
  });
}
