import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { verifyTicket } from '../../broker/tickets.ts';
import { loadKeys } from '../../server/secrets.ts';
import { isRecord } from '../../server/json.ts';
import { dbFile, query, signUp, withCookie } from '../helpers/accounts.ts';
import { createSession, errorOf, startTestSono, type TestSono } from '../helpers/sono.ts';

const free = suite<{ sono: TestSono }>('api/sessions free limits');

free.before(async (context) => {
  context.sono = await startTestSono({
    SONO_SESSION_MINUTES: '20', SONO_COOLDOWN_MINUTES: '40', SONO_SESSION_LIMIT: '1000',
  });
});
free.after(async ({ sono }) => sono.close());

free('starts exactly one of 50 concurrent sessions of one free account', async ({ sono }) => {
  const { cookie } = await signUp(sono);
  const answers = await Promise.all(Array.from({ length: 50 }, () =>
    sono.api('/api/sessions', { method: 'POST', json: {}, headers: withCookie(cookie) })));

  const statuses = answers.map((response) => response.status);
  assert.is(statuses.filter((status) => status === 201).length, 1);
  assert.is(statuses.filter((status) => status === 429).length, 49);
  const refused = answers.find((response) => response.status === 429);
  const retryAfter = Number(refused?.headers.get('Retry-After'));
  // Whole seconds, rounded up: an hour and a part of a second reads as 3601.
  assert.ok(retryAfter > 59 * 60 && retryAfter <= 60 * 60 + 1, `Retry-After ${retryAfter}`);
  const error = refused ? await errorOf(refused) : undefined;
  assert.is(error?.code, 'cooldown');
  assert.match(error?.message ?? '', /next one can start in 60 minutes/);

  const [row] = await query(dbFile(sono),
    'SELECT COUNT(*) AS n FROM sessions WHERE account_id IS NOT NULL');
  assert.is(row?.n, 1);
});

free('tells the account when its next session may start', async ({ sono }) => {
  const { cookie } = await signUp(sono);
  const started = await sono.api('/api/sessions', { method: 'POST', json: {}, headers: withCookie(cookie) });
  const body: unknown = await started.json();
  assert.ok(isRecord(body) && isRecord(body.session));
  const endsAt = Date.parse(String(body.session.endsAt));
  assert.is(Date.parse(String(body.session.cooldownEndsAt)), endsAt + 40 * 60_000);

  const me: unknown = await (await sono.api('/api/me', { headers: withCookie(cookie) })).json();
  assert.ok(isRecord(me) && isRecord(me.limits));
  assert.is(me.limits.sessionSeconds, 20 * 60);
  assert.is(me.limits.cooldownSeconds, 40 * 60);
  assert.is(Date.parse(String(me.limits.nextSessionAt)), endsAt + 40 * 60_000);
});

free('starts the cooldown when the sender ends the session early', async ({ sono }) => {
  const { cookie } = await signUp(sono);
  const started = await sono.api('/api/sessions', { method: 'POST', json: {}, headers: withCookie(cookie) });
  const body: unknown = await started.json();
  assert.ok(isRecord(body) && isRecord(body.session) && isRecord(body.peer));
  await sono.api(`/api/sessions/${String(body.session.id)}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${String(body.peer.ticket)}` },
  });
  const refused = await sono.api('/api/sessions', { method: 'POST', json: {}, headers: withCookie(cookie) });
  assert.is(refused.status, 429);
  const retryAfter = Number(refused.headers.get('Retry-After'));
  assert.ok(retryAfter <= 40 * 60 && retryAfter > 39 * 60, `Retry-After ${retryAfter}`);
});

free('records sessions without an account as nobody\'s, and leaves their cooldown to the laptop', async ({ sono }) => {
  const first = await createSession(sono);
  const second = await createSession(sono);
  const rows = await query(dbFile(sono), 'SELECT account_id FROM sessions WHERE id IN (?, ?)',
    [first.session.id, second.session.id]);
  assert.equal(rows, [{ account_id: null }, { account_id: null }]);
});

free('ends a session\'s tickets with the session', async ({ sono }) => {
  const created = await createSession(sono);
  const keys = await loadKeys(sono.dataDir, undefined);
  const check = verifyTicket(keys.tickets, created.peer.ticket);
  assert.ok(check.ok);
  if (check.ok) assert.is(check.ticket.expiresAt, Date.parse(created.session.endsAt));
  const late = verifyTicket(keys.tickets, created.peer.ticket, Date.parse(created.session.endsAt));
  assert.equal(late, { ok: false, reason: 'expired' });
});

free.run();
