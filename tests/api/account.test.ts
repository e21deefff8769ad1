import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import {
  dbFile, freshEmail, PASSWORD, query, setCookies, signIn, signUp, whoIs, withCookie,
} from '../helpers/accounts.ts';
import { createSession, errorOf, startTestSono, type TestSono } from '../helpers/sono.ts';
import { accountBucket } from '../../api/credentials.ts';
import { isRecord } from '../../server/json.ts';
import { loadKeys } from '../../server/secrets.ts';

const account = suite<{ sono: TestSono }>('api/account');

account.before(async (context) => {
  context.sono = await startTestSono({ SONO_LOGIN_LIMIT: '1000', SONO_COOLDOWN_MINUTES: '0' });
});
account.after(async ({ sono }) => sono.close());

const NEW_PASSWORD = 'a different sentence entirely';

account('changes the e-mail address with the current password', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const taken = (await signUp(sono)).email;
  const next = freshEmail('renamed');
  const change = (body: object) => sono.api('/api/account/email', {
    method: 'PUT', json: body, headers: withCookie(cookie),
  });

  const wrong = await change({ email: next, password: 'not my password' });
  assert.is(wrong.status, 403);
  assert.is((await errorOf(wrong)).field, 'password');
  assert.is((await change({ email: taken, password: PASSWORD })).status, 409);

  const changed = await change({ email: next.toUpperCase(), password: PASSWORD });
  assert.is(changed.status, 200);
  assert.equal(await changed.json(), { account: { email: next, plan: 'free' } });
  assert.is(await whoIs(sono, cookie), next);
  assert.is((await sono.api('/api/auth/login', { method: 'POST', json: { email, password: PASSWORD } })).status, 401);
  assert.is(await whoIs(sono, await signIn(sono, next)), next);
});

account('changes the password, signing out the account\'s other browsers', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const elsewhere = await signIn(sono, email);
  const change = (currentPassword: string) => sono.api('/api/account/password', {
    method: 'PUT', json: { currentPassword, newPassword: NEW_PASSWORD }, headers: withCookie(cookie),
  });

  assert.is((await change('not my password')).status, 403);
  assert.is(await whoIs(sono, elsewhere), email, 'a refused change signs nobody out');
  const weak = await sono.api('/api/account/password', {
    method: 'PUT', json: { currentPassword: PASSWORD, newPassword: 'password1' }, headers: withCookie(cookie),
  });
  assert.is((await errorOf(weak)).field, 'newPassword');

  const changed = await change(PASSWORD);
  assert.is(changed.status, 204);
  const [fresh] = setCookies(changed);
  const freshCookie = (fresh ?? '').split(';')[0] ?? '';
  assert.is(await whoIs(sono, freshCookie), email);
  assert.is(await whoIs(sono, elsewhere), null);
  assert.is(await whoIs(sono, cookie), null);
  assert.is((await sono.api('/api/auth/login', { method: 'POST', json: { email, password: PASSWORD } })).status, 401);
  await signIn(sono, email, NEW_PASSWORD);
});

account('exports exactly the account\'s own data, not to be cached', async ({ sono }) => {
  const mine = await signUp(sono);
  const theirs = await signUp(sono);
  const own = [await startAs(sono, mine.cookie), await startAs(sono, mine.cookie)];
  await startAs(sono, theirs.cookie);
  await createSession(sono);

  const response = await sono.api('/api/account/export', { headers: withCookie(mine.cookie) });
  assert.is(response.status, 200);
  assert.is(response.headers.get('Cache-Control'), 'no-store');
  assert.match(response.headers.get('Content-Disposition') ?? '', /attachment; filename="sono-export.json"/);
  const text = await response.text();
  const exported: unknown = JSON.parse(text);
  assert.ok(isRecord(exported) && isRecord(exported.account) && Array.isArray(exported.sessions));

  const [row] = await query(dbFile(sono), 'SELECT id, email, plan FROM accounts WHERE email = ?', [mine.email]);
  assert.equal(exported.account.id, row?.id);
  assert.is(exported.account.email, mine.email);
  assert.is(exported.account.plan, 'free');
  const stored = await query(dbFile(sono),
    'SELECT id, created_at, ends_at FROM sessions WHERE account_id = ? ORDER BY created_at', [String(row?.id)]);
  const exportedIds = exported.sessions.map((session: unknown) => isRecord(session) ? session.id : null);
  assert.equal([...exportedIds].sort(), stored.map((session) => session.id).sort());
  assert.equal([...exportedIds].sort(), [...own].sort());
  assert.not.match(text, theirs.email);
  assert.not.match(text, /scrypt\$/, 'the password hash stays out of the file');

  const anonymous = await sono.api('/api/account/export');
  assert.is(anonymous.status, 401);
});

account('lists the account\'s recent sessions, newest first', async ({ sono }) => {
  const { cookie } = await signUp(sono);
  const first = await startAs(sono, cookie);
  const second = await startAs(sono, cookie);
  const response = await sono.api('/api/account/sessions', { headers: withCookie(cookie) });
  const body: unknown = await response.json();
  assert.ok(isRecord(body) && Array.isArray(body.sessions));
  const ids = body.sessions.map((session: unknown) => isRecord(session) ? session.id : null);
  assert.equal(new Set(ids), new Set([first, second]));
});

account('deletes the account and every row of it, with the password, and refuses its cookie', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const other = await signIn(sono, email);
  await startAs(sono, cookie);
  await sono.api('/api/auth/login', { method: 'POST', json: { email, password: 'a wrong guess' } });
  const [row] = await query(dbFile(sono), 'SELECT id FROM accounts WHERE email = ?', [email]);
  const id = String(row?.id);

  const refused = await sono.api('/api/account', {
    method: 'DELETE', json: { password: 'not my password' }, headers: withCookie(cookie),
  });
  assert.is(refused.status, 403);
  assert.is(await whoIs(sono, cookie), email);

  const deleted = await sono.api('/api/account', {
    method: 'DELETE', json: { password: PASSWORD }, headers: withCookie(cookie),
  });
  assert.is(deleted.status, 204);
  assert.match(setCookies(deleted)[0] ?? '', /^sono_token=;/);

  assert.is(await whoIs(sono, cookie), null);
  assert.is(await whoIs(sono, other), null);
  assert.is((await sono.api('/api/account/export', { headers: withCookie(cookie) })).status, 401);
  assert.equal(await query(dbFile(sono), 'SELECT id FROM accounts WHERE id = ? OR email = ?', [id, email]), []);
  assert.equal(await query(dbFile(sono), 'SELECT id FROM sessions WHERE account_id = ?', [id]), []);
  const keys = await loadKeys(sono.dataDir, undefined);
  assert.equal(await query(dbFile(sono), 'SELECT hits FROM rate_limits WHERE bucket = ?',
    [accountBucket(keys, email)]), [], 'the failed sign-in on this address is forgotten too');
});

account.run();

const plans = suite<{ sono: TestSono }>('api/account plans');

plans.before(async (context) => {
  context.sono = await startTestSono({ SONO_COOLDOWN_MINUTES: '30' });
});
plans.after(async ({ sono }) => sono.close());

plans('the operator\'s plan script lifts every limit of an account', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  assert.is((await start(sono, cookie)).status, 201);
  assert.is((await start(sono, cookie)).status, 429);

  const result = spawnSync('npm', ['run', '--silent', 'plan', '--', email.toUpperCase(), 'plus'], {
    env: { ...process.env, SONO_DATA_DIR: sono.dataDir }, encoding: 'utf8',
  });
  assert.is(result.status, 0, result.stderr);
  const me: unknown = await (await sono.api('/api/me', { headers: withCookie(cookie) })).json();
  assert.equal(me, {
    account: { email, plan: 'plus' },
    limits: { sessionSeconds: null, cooldownSeconds: null, nextSessionAt: null },
  });
  for (let count = 0; count < 3; count++) assert.is((await start(sono, cookie)).status, 201);

  const unknown = spawnSync('npm', ['run', '--silent', 'plan', '--', 'nobody@example.com', 'plus'], {
    env: { ...process.env, SONO_DATA_DIR: sono.dataDir }, encoding: 'utf8',
  });
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr, /no account/);
  const wrongPlan = spawnSync('npm', ['run', '--silent', 'plan', '--', email, 'gold'], {
    env: { ...process.env, SONO_DATA_DIR: sono.dataDir }, encoding: 'utf8',
  });
  assert.match(wrongPlan.stderr, /usage/);
});

plans.run();

function start(sono: TestSono, cookie: string): Promise<Response> {
  return sono.api('/api/sessions', { method: 'POST', json: {}, headers: withCookie(cookie) });
}

/** Starts a session as the account and, so that the next may start, ends it. */
async function startAs(sono: TestSono, cookie: string): Promise<string> {
  const response = await start(sono, cookie);
  if (response.status !== 201) throw new Error(`starting a session answered ${response.status}`);
  const body: unknown = await response.json();
  if (!isRecord(body) || !isRecord(body.session) || typeof body.session.id !== 'string'
    || !isRecord(body.peer) || typeof body.peer.ticket !== 'string') {
    throw new Error('no session id');
  }
  const ended = await sono.api(`/api/sessions/${body.session.id}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${body.peer.ticket}` },
  });
  if (ended.status !== 204) throw new Error(`ending a session answered ${ended.status}`);
  return body.session.id;
}
