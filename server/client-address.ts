import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * The client's address: the socket's peer, or with SONO_TRUST_PROXY the first
 * address in X-Forwarded-For, as Koa reads it for the API.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return (trustProxy && first) || req.socket.remoteAddress || 'unknown';
}

/**
 * A stable pseudonym for the network a request comes from, for rate limits. The
 * address itself is never stored: only an HMAC of it under a server key. IPv6
 * clients usually hold a whole /64, so they are counted by that prefix.
 */
export function clientPseudonym(key: Buffer, address: string): string {
  return createHmac('sha256', key).update(networkOf(address)).digest('base64url').slice(0, 22);
}

export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return expandIPv6(address).slice(0, 4).join(':') + '::/64';
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((part) =>
    part.toLowerCase().replace(/^0+(?=.)/, ''));
}
