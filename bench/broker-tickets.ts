import { randomBytes } from 'node:crypto';

import { peerIdFor } from '../api/sessions.ts';
import { signTicket } from '../broker/tickets.ts';
import { isRecord } from '../server/json.ts';
import { loadKeys } from '../server/secrets.ts';
import type { Credentials } from './broker-peers.ts';

const CONCURRENT_REQUESTS = 20;

/**
 * Sessions come from Sono's own API, which stores them for the broker's
 * session check and gives each sender's ticket; the listeners' tickets are
 * signed here with the server's secret, as POST /api/sessions/join would sign
 * them, so that two thousand joins do not run through the server before its
 * memory is measured. Consecutive tickets come in groups of `perSession` from
 * one session, so neighbours may signal each other.
 */
export async function ticketsFromApi(url: string, secret: string, count: number,
  perSession: number): Promise<Credentials[]> {
  const { tickets: key } = await loadKeys('', secret);
  const sessionCount = Math.ceil(count / perSession);
  const sessions = await inParallel(sessionCount, () => post(url, '/api/sessions', {}));
  return sessions.flatMap((created) => {
    const sessionId = stringAt(created, 'session', 'id');
    const expiresAt = Date.parse(stringAt(created, 'session', 'endsAt'));
    const listeners = Array.from({ length: perSession - 1 }, () => {
      const id = peerIdFor(sessionId, 'listener');
      return { id, token: signTicket(key, { peerId: id, sessionId, role: 'listener', expiresAt }) };
    });
    const sender = {
      id: stringAt(created, 'peer', 'id'),
      token: stringAt(created, 'peer', 'ticket'),
    };
    return [sender, ...listeners];
  }).slice(0, count);
}

/** A stock peer server takes any id and lets the client choose its token. */
export function freeCredentials(count: number): Credentials[] {
  return Array.from({ length: count }, () => ({
    id: randomBytes(12).toString('hex'),
    token: randomBytes(8).toString('hex'),
  }));
}

async function post(url: string, path: string, json: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
  return response.json();
}

function stringAt(value: unknown, outer: string, inner: string): string {
  const nested = isRecord(value) ? value[outer] : undefined;
  const found = isRecord(nested) ? nested[inner] : undefined;
  if (typeof found !== 'string') throw new Error(`the API answered no ${outer}.${inner}`);
  return found;
}

/** Runs `task` `count` times, at most CONCURRENT_REQUESTS at once, answers in order. */
async function inParallel<T>(count: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += CONCURRENT_REQUESTS) {
    const size = Math.min(CONCURRENT_REQUESTS, count - start);
    results.push(...await Promise.all(Array.from({ length: size }, task)));
  }
  return results;
}
