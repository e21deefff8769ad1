import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Only what the app needs: its own scripts, styles (Lit may fall back to <style>
 * elements), images including the QR code, and connections to its own origin
 * (the API, and the broker's WebSocket, which 'self' covers). Nothing may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ALWAYS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'display-capture=(self), microphone=(self), camera=(), geolocation=()',
};

const HSTS = 'max-age=15552000';

/** Sets the headers every response carries; HSTS only when the page was served over HTTPS. */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): void {
  for (const [name, value] of Object.entries(ALWAYS)) res.setHeader(name, value);
  const forwardedProto = trustProxy ? req.headers['x-forwarded-proto'] : undefined;
  const secure = 'encrypted' in req.socket
    || (typeof forwardedProto === 'string' && forwardedProto.split(',')[0]?.trim() === 'https');
  if (secure) res.setHeader('Strict-Transport-Security', HSTS);
}
