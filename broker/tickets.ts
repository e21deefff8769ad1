import { createHmac, timingSafeEqual } from 'node:crypto';

import { isRecord, parseJson } from '../server/json.ts';

/**
 * A broker ticket binds a peer id to a session, a role and an expiry, signed by
 * the server. The broker admits a WebSocket only for the id its ticket names,
 * so nobody can take another peer's id or join a session without its code.
 */
export type Role = 'sender' | 'listener';

export interface Ticket {
  peerId: string;
  sessionId: string;
  role: Role;
  /** Unix time in milliseconds after which the ticket is refused. */
  expiresAt: number;
}

export type TicketCheck =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const VERSION = 'v1';

export function signTicket(key: Buffer, ticket: Ticket): string {
  const body = Buffer.from(JSON.stringify(ticket)).toString('base64url');
  return `${VERSION}.${body}.${mac(key, body).toString('base64url')}`;
}

export function verifyTicket(key: Buffer, token: string, now = Date.now()): TicketCheck {
  const [version, body, signature, ...rest] = token.split('.');
  if (version !== VERSION || !body || !signature || rest.length > 0) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = mac(key, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'forged' };
  }
  const ticket = parseTicket(Buffer.from(body, 'base64url').toString('utf8'));
  if (!ticket) return { ok: false, reason: 'malformed' };
  if (ticket.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, ticket };
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(`${VERSION}.${body}`).digest();
}

function parseTicket(json: string): Ticket | null {
  let value: unknown;
  try {
    value = parseJson(json);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { peerId, sessionId, role, expiresAt } = value;
  if (typeof peerId !== 'string' || typeof sessionId !== 'string') return null;
  if (role !== 'sender' && role !== 'listener') return null;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
  return { peerId, sessionId, role, expiresAt };
}
