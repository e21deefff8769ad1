import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface OriginPolicy {
  publicOrigins: string[];
  trustProxy: boolean;
}

/**
 * Whether a browser request comes from Sono's own pages. Browsers send Origin on
 * every WebSocket and on cross-origin or state-changing fetches; a request
 * without it is from a program, not a page another site could drive, so
 * `requireOrigin` decides whether that is acceptable.
 */
export function isOwnOrigin(req: IncomingMessage, policy: OriginPolicy, requireOrigin: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    return !requireOrigin && (site === undefined || site === 'same-origin' || site === 'none');
  }
  return ownOrigins(req, policy).includes(origin);
}

function ownOrigins(req: IncomingMessage, policy: OriginPolicy): string[] {
  if (policy.publicOrigins.length > 0) return policy.publicOrigins;
  const forwardedProto = policy.trustProxy ? first(req.headers['x-forwarded-proto']) : undefined;
  const forwardedHost = policy.trustProxy ? first(req.headers['x-forwarded-host']) : undefined;
  const encrypted = Boolean((req.socket as Partial<TLSSocket>).encrypted);
  const proto = forwardedProto ?? (encrypted ? 'https' : 'http');
  const host = forwardedHost ?? req.headers.host;
  return host ? [`${proto}://${host}`] : [];
}

function first(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}
