import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { createSession, errorOf, startTestSono, type TestSono } from '../helpers/sono.ts';

const bodies = suite<{ sono: TestSono }>('api/body');

bodies.before(async (context) => {
  context.sono = await startTestSono();
});
bodies.after(async ({ sono }) => sono.close());

const join = (sono: TestSono, body: string, type = 'application/json') =>
  sono.api('/api/sessions/join', { method: 'POST', body, headers: { 'Content-Type': type } });

bodies('refuses a body that is not JSON with 415', async ({ sono }) => {
  const response = await join(sono, 'code=ABCD-EFGH', 'application/x-www-form-urlencoded');
  assert.is(response.status, 415);
  assert.is((await errorOf(response)).code, 'unsupported_media_type');
});

bodies('refuses a body that is too large with 413', async ({ sono }) => {
  const response = await join(sono, JSON.stringify({ code: 'A'.repeat(64 * 1024) }));
  assert.is(response.status, 413);
  assert.is((await errorOf(response)).code, 'body_too_large');
});

bodies('refuses malformed JSON with 400', async ({ sono }) => {
  const response = await join(sono, '{"code": "ABCD');
  assert.is(response.status, 400);
  assert.is((await errorOf(response)).code, 'malformed_json');
});

bodies('refuses JSON that is not an object with 400', async ({ sono }) => {
  for (const body of ['[]', '"ABCD-EFGH"', 'null', '42']) {
    const response = await join(sono, body);
    assert.is(response.status, 400);
    assert.is((await errorOf(response)).code, 'invalid_body');
  }
});

bodies('names the field when the code is missing or wrong', async ({ sono }) => {
  for (const body of [{}, { code: 12345678 }, { code: 'ABC' }, { code: 'ABCD-EFG!' }, { code: null }]) {
    const response = await join(sono, JSON.stringify(body));
    assert.is(response.status, 400, JSON.stringify(body));
    const error = await errorOf(response);
    assert.is(error.code, 'invalid_field');
    assert.is(error.field, 'code');
  }
});

bodies('ignores __proto__ in a body and leaves Object.prototype alone', async ({ sono }) => {
  const response = await join(sono, '{"__proto__": {"polluted": true}, "code": "0000-0000"}');
  assert.is(response.status, 404);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

bodies('refuses changes from a foreign origin with 403', async ({ sono }) => {
  const response = await sono.api('/api/sessions', {
    method: 'POST', json: {}, headers: { Origin: 'https://evil.example' },
  });
  assert.is(response.status, 403);
  assert.is((await errorOf(response)).code, 'foreign_origin');
});

bodies('answers unknown routes and wrong methods in the error shape', async ({ sono }) => {
  const missing = await sono.api('/api/nothing-here');
  assert.is(missing.status, 404);
  assert.is((await errorOf(missing)).code, 'not_found');

  const wrongMethod = await sono.api('/api/sessions', { method: 'GET' });
  assert.is(wrongMethod.status, 405);
  assert.is((await errorOf(wrongMethod)).code, 'method_not_allowed');
});

bodies('never answers 5xx to hostile input', async ({ sono }) => {
  const created = await createSession(sono);
  const attempts: [string, RequestInit][] = [
    ['/api/sessions/join', { method: 'POST', body: '\u0000\uffff', headers: { 'Content-Type': 'application/json' } }],
    ['/api/sessions/join', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json; charset=latin-7' } }],
    ['/api/sessions/%E0%A4%A', { method: 'DELETE', headers: { Authorization: 'Bearer x' } }],
    [`/api/sessions/${created.session.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${'a'.repeat(5000)}` } }],
    [`/api/sessions/${created.session.id}`, { method: 'DELETE', headers: { Authorization: 'Bearer v1.@@.##' } }],
    ['/api/sessions', { method: 'POST', body: '{"a":'.repeat(2000), headers: { 'Content-Type': 'application/json' } }],
    ['/%2e%2e/%2e%2e/etc/passwd', { method: 'GET' }],
  ];
  for (const [path, init] of attempts) {
    const response = await sono.api(path, init);
    assert.ok(response.status < 500, `${init.method} ${path} answered ${response.status}`);
  }
});

bodies.run();
