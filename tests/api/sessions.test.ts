import sqlite3 from 'sqlite3';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { CODE_ALPHABET } from '../../api/pairing-code.ts';
import {
  createSession, errorOf, joinSession, startTestSono, type TestSono,
} from '../helpers/sono.ts';

const sessions = suite<{ sono: TestSono }>('api/sessions');

sessions.before(async (context) => {
  context.sono = await startTestSono({ SONO_JOIN_LIMIT: '3' });
});
sessions.after(async ({ sono }) => sono.close());

sessions('creates a session with a code, a sender ticket and ICE servers', async ({ sono }) => {
  const before = Date.now();
  const response = await sono.api('/api/sessions', { method: 'POST', json: {} });
  assert.is(response.status, 201);
  const body: unknown = await response.json();
  const created = await createSession(sono);

  assert.match(JSON.stringify(body), /"iceServers":\[/);
  assert.is(created.session.code.length, 8);
  assert.ok([...created.session.code].every((char) => CODE_ALPHABET.includes(char)));
  assert.match(created.session.id, /^[0-9a-f]{32}$/);
  assert.ok(created.peer.id.startsWith(`${created.session.id}s`));
  const endsAt = Date.parse(created.session.endsAt);
  assert.ok(endsAt >= before + 59 * 60_000 && endsAt <= Date.now() + 60 * 60_000);
});

sessions('gives every session its own code and ids', async ({ sono }) => {
  const first = await createSession(sono);
  const second = await createSession(sono);
  assert.is.not(first.session.code, second.session.code);
  assert.is.not(first.session.id, second.session.id);
  assert.is.not(first.peer.ticket, second.peer.ticket);
});

sessions('joins by code, typed loosely, as a listener of that session', async ({ sono }) => {
  const created = await createSession(sono);
  const { code } = created.session;
  const typed = `${code.slice(0, 4).toLowerCase()} - ${code.slice(4)}`;
  const joined = await joinSession(sono, typed);

  assert.is(joined.session.id, created.session.id);
  assert.is(joined.session.endsAt, created.session.endsAt);
  assert.is(joined.senderPeerId, created.peer.id);
  assert.ok(joined.peer.id.startsWith(`${created.session.id}l`));
  assert.is.not(joined.peer.ticket, created.peer.ticket);
});

sessions('refuses a code that belongs to no session', async ({ sono }) => {
  const created = await createSession(sono);
  const wrong = created.session.code.startsWith('Z') ? 'Y' : 'Z';
  const response = await sono.api('/api/sessions/join', {
    method: 'POST', json: { code: `${wrong}${created.session.code.slice(1)}` },
  });
  assert.is(response.status, 404);
  assert.is((await errorOf(response)).code, 'code_not_found');
});

sessions('lets only the sender end its session, then refuses its code', async ({ sono }) => {
  const created = await createSession(sono);
  const other = await createSession(sono);
  const listener = await joinSession(sono, created.session.code);
  const end = (ticket?: string) => sono.api(`/api/sessions/${created.session.id}`, {
    method: 'DELETE', headers: ticket === undefined ? {} : { Authorization: `Bearer ${ticket}` },
  });

  assert.is((await end()).status, 401);
  assert.is((await end('v1.forged.ticket')).status, 401);
  assert.is((await end(listener.peer.ticket)).status, 403);
  assert.is((await end(other.peer.ticket)).status, 403);
  await joinSession(sono, created.session.code);

  assert.is((await end(created.peer.ticket)).status, 204);
  const response = await sono.api('/api/sessions/join', {
    method: 'POST', json: { code: created.session.code },
  });
  assert.is(response.status, 410);
  assert.is((await errorOf(response)).code, 'session_ended');
});

sessions('tells an expired session apart from an ended one', async ({ sono }) => {
  const created = await createSession(sono);
  await runSql(join(sono.dataDir, 'sono.db'), 'UPDATE sessions SET ends_at = ? WHERE id = ?',
    [Date.now() - 1000, created.session.id]);

  const response = await sono.api('/api/sessions/join', {
    method: 'POST', json: { code: created.session.code },
  });
  assert.is(response.status, 410);
  const error = await errorOf(response);
  assert.is(error.code, 'session_expired');
  assert.match(error.message, /run out of time/);
});

sessions('answers the health check', async ({ sono }) => {
  const response = await sono.api('/api/health');
  assert.is(response.status, 200);
  assert.equal(await response.json(), { ok: true });
});

sessions.run();

const limits = suite<{ sono: TestSono }>('api/sessions rate limits');

limits.before(async (context) => {
  context.sono = await startTestSono({ SONO_JOIN_LIMIT: '3', SONO_TRUST_PROXY: 'true' });
});
limits.after(async ({ sono }) => sono.close());

limits('slows down a client that keeps guessing, even once it guesses right', async ({ sono }) => {
  const created = await createSession(sono);
  const join = (code: string, address: string) => sono.api('/api/sessions/join', {
    method: 'POST', json: { code }, headers: { 'X-Forwarded-For': address },
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    assert.is((await join('0000-0000', '203.0.113.7')).status, 404);
  }

  const limited = await join(created.session.code, '203.0.113.7');
  assert.is(limited.status, 429);
  const retryAfter = Number(limited.headers.get('Retry-After'));
  assert.ok(retryAfter > 0 && retryAfter <= 15 * 60);
  const error = await errorOf(limited);
  assert.is(error.code, 'too_many_attempts');
  assert.match(error.message, /Try again in/);

  assert.is((await join(created.session.code, '198.51.100.9')).status, 200);
});

limits('does not count right codes against a client', async ({ sono }) => {
  const created = await createSession(sono);
  for (let attempt = 0; attempt < 6; attempt++) {
    const response = await sono.api('/api/sessions/join', {
      method: 'POST', json: { code: created.session.code }, headers: { 'X-Forwarded-For': '192.0.2.44' },
    });
    assert.is(response.status, 200);
  }
});

limits('counts IPv6 clients by their /64 network', async ({ sono }) => {
  const guess = (address: string) => sono.api('/api/sessions/join', {
    method: 'POST', json: { code: '0000-0000' }, headers: { 'X-Forwarded-For': address },
  });
  assert.is((await guess('2001:db8:1:2::1')).status, 404);
  assert.is((await guess('2001:db8:1:2::2')).status, 404);
  assert.is((await guess('2001:db8:1:2:aaaa::3')).status, 404);
  assert.is((await guess('2001:db8:1:2:ffff:ffff:ffff:ffff')).status, 429);
  assert.is((await guess('2001:db8:1:3::1')).status, 404);
});

limits.run();

function runSql(file: string, sql: string, params: (string | number)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      db.run(sql, params, (error) => db.close(() => error ? reject(error) : resolve()));
    });
  });
}
