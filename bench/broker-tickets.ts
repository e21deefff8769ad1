import { randomBytes } from 'node:crypto';

import { isRecord } from '../server/json.ts';
import type { Credentials } from './broker-peers.ts';

const CONCURRENT_REQUESTS = 50;

/**
 * Tickets from Sono's own API, as the app gets them: each session gives its
 * sender's ticket, then listeners join it by code. Consecutive tickets of the
 * answer come in groups of `perSession` from one session, so neighbours may
 * signal each other.
 */
export async function ticketsFromApi(url: string, count: number, perSession: number):
  Promise<Credentials[]> {
  const sessions = Math.ceil(count / perSession);
  const groups = await inParallel(sessions, async () => {
    const created = await post(url, '/api/sessions', {});
    const code = stringAt(created, 'session', 'code');
    const joins = await inParallel(perSession - 1, async () => peerOf(await post(url, '/api/sessions/join', { code })));
    return [peerOf(created), ...joins];
  });
  return groups.flat().slice(0, count);
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

function peerOf(answer: unknown): Credentials {
  return { id: stringAt(answer, 'peer', 'id'), token: stringAt(answer, 'peer', 'ticket') };
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
