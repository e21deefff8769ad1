import { spawnSync } from 'node:child_process';
import https from 'node:https';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { startTestSono, type TestSono } from '../helpers/sono.ts';

const headers = suite<{ sono: TestSono }>('server/security-headers');

headers.before(async (context) => {
  context.sono = await startTestSono({ SONO_TRUST_PROXY: 'true' });
});
headers.after(async ({ sono }) => sono.close());

function assertHardened(response: Response, path: string): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /frame-ancestors 'none'/, path);
  assert.match(csp, /script-src 'self'(;|$)/, path);
  assert.is(response.headers.get('x-content-type-options'), 'nosniff', path);
  assert.is(response.headers.get('referrer-policy'), 'no-referrer', path);
}

headers('every kind of response carries the security headers', async ({ sono }) => {
  for (const path of ['/', '/listen', '/api/health', '/api/nothing', '/peerjs', '/missing.js']) {
    const response = await sono.api(path);
    assertHardened(response, path);
    assert.is(response.headers.get('strict-transport-security'), null, `${path} over plain HTTP`);
  }
  const failed = await sono.api('/api/sessions/join', { method: 'POST', body: 'x' });
  assertHardened(failed, 'an error');
});

headers('sends HSTS behind a trusted proxy that says HTTPS', async ({ sono }) => {
  const response = await sono.api('/api/health', { headers: { 'X-Forwarded-Proto': 'https' } });
  assert.match(response.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
});

headers.run();

const tls = suite('server/https');

tls('serves HTTPS with the given certificate, with HSTS', async () => {
  const probe = await startTestSono();
  const cert = join(probe.dataDir, 'cert.pem');
  const key = join(probe.dataDir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  assert.is(made.status, 0, made.stderr);
  const sono = await startTestSono({ SONO_TLS_CERT: cert, SONO_TLS_KEY: key });
  try {
    assert.match(sono.url, /^https:/);
    const answer = await new Promise<{ status: number; hsts: unknown; body: string }>((resolve, reject) => {
      https.get(`${sono.url}/api/health`, { rejectUnauthorized: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
        response.on('end', () => resolve({
          status: response.statusCode ?? 0, hsts: response.headers['strict-transport-security'], body,
        }));
      }).once('error', reject);
    });
    assert.is(answer.status, 200);
    assert.is(answer.body, '{"ok":true}');
    assert.match(String(answer.hsts), /max-age=/);
  } finally {
    await sono.close();
    await probe.close();
  }
});

tls.run();
