import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { createSession, startTestSono, type TestSono } from '../helpers/sono.ts';

const hostile = suite<{ sono: TestSono; sessionId: string; ticket: string }>('api hostile input');

hostile.before(async (context) => {
  context.sono = await startTestSono({ SONO_JOIN_LIMIT: '10000', SONO_SESSION_LIMIT: '100000' });
  const created = await createSession(context.sono);
  context.sessionId = created.session.id;
  context.ticket = created.peer.ticket;
});
hostile.after(async ({ sono }) => sono.close());

/** Every API route, with the real ids filled in where a route needs one. */
const routes = (id: string): [string, string][] => [
  ['GET', '/api/health'],
  ['POST', '/api/sessions'],
  ['POST', '/api/sessions/join'],
  ['POST', `/api/sessions/${id}/ice`],
  ['DELETE', `/api/sessions/${id}`],
  ['GET', '/api/me'],
  ['POST', '/api/account'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/account/export'],
  ['GET', '/api/account/sessions'],
  ['PUT', '/api/account/email'],
  ['PUT', '/api/account/password'],
  ['DELETE', '/api/account'],
];

/** Header values fetch can send: visible ASCII and spaces, no line breaks. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 });

const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
    '{"code":{"__proto__":null}}', '{"code":"' + 'A'.repeat(20_000) + '"}', '', 'null', '[[[[[[[['),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const request = fc.record({
  route: fc.nat(),
  query: headerText.map((text) => encodeURIComponent(text)),
  body,
  contentType: fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16',
    'multipart/form-data; boundary=x', ''), headerText),
  cookie: fc.oneof(headerText, fc.constantFrom('sono_token=Fe26.2**garbage', 'sono_token=' + 'x'.repeat(4000))),
  authorization: fc.oneof(headerText, fc.constant('Bearer v1.e30.AAAA')),
  origin: fc.constantFrom('self', 'https://evil.example', 'null', ''),
});

hostile('never answers 5xx, whatever arrives at any route', async ({ sono, sessionId }) => {
  const table = routes(sessionId);
  await fc.assert(fc.asyncProperty(request, async (input) => {
    const [method, path] = table[input.route % table.length] ?? ['GET', '/api/health'];
    const headers: Record<string, string> = {
      Cookie: input.cookie, Authorization: input.authorization,
      Origin: input.origin === 'self' ? sono.url : input.origin,
    };
    if (input.contentType) headers['Content-Type'] = input.contentType;
    const withBody = method !== 'GET';
    const response = await fetch(`${sono.url}${path}?${input.query}`, {
      method, headers, body: withBody ? input.body : undefined,
    });
    await response.arrayBuffer();
    return response.status < 500;
  }), { numRuns: 600 });

  assert.equal(Object.keys(Object.prototype), []);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is((await sono.api('/api/health')).status, 200);
});

hostile.run();
