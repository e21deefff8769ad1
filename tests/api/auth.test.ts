import { sealData } from 'iron-session';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import {
  freshEmail, PASSWORD, setCookies, signIn, signUp, tokenFrom, whoIs, withCookie,
} from '../helpers/accounts.ts';
import { errorOf, startTestSono, type TestSono } from '../helpers/sono.ts';

const auth = suite<{ sono: TestSono }>('api/auth');

auth.before(async (context) => {
  context.sono = await startTestSono({ SONO_LOGIN_LIMIT: '1000', SONO_TRUST_PROXY: 'true' });
});
auth.after(async ({ sono }) => sono.close());

auth('signs up with a sono_token cookie that is httpOnly, Lax, host-only, with a lifetime', async ({ sono }) => {
  const email = freshEmail();
  const response = await sono.api('/api/account', {
    method: 'POST', json: { email: ` ${email.toUpperCase()} `, password: PASSWORD },
  });
  assert.is(response.status, 201);
  assert.equal(await response.json(), { account: { email, plan: 'free' } });

  const cookies = setCookies(response);
  assert.is(cookies.length, 1);
  const attributes = (cookies[0] ?? '').split(';').map((part) => part.trim().toLowerCase());
  assert.ok(attributes[0]?.startsWith('sono_token='));
  assert.ok(attributes.includes('httponly'));
  assert.ok(attributes.includes('samesite=lax'));
  assert.ok(attributes.includes('path=/'));
  assert.ok(!attributes.some((part) => part.startsWith('domain=')), 'the cookie must be host-only');
  assert.ok(!attributes.includes('secure'), 'plain HTTP cannot carry a Secure cookie');
  // An absolute lifetime: SONO_LOGIN_DAYS (14 by default) from the sign-in.
  const expires = Date.parse(attributes.find((part) => part.startsWith('expires='))?.slice(8) ?? '');
  const days = (expires - Date.now()) / (24 * 3600_000);
  assert.ok(days > 13.9 && days <= 14, `the cookie expires in ${days} days`);

  assert.is(await whoIs(sono, tokenFrom(response)), email);
});

auth('marks the cookie Secure when the request came over HTTPS', async ({ sono }) => {
  const response = await sono.api('/api/account', {
    method: 'POST',
    json: { email: freshEmail(), password: PASSWORD },
    headers: { 'X-Forwarded-Proto': 'https', Origin: sono.url.replace('http:', 'https:') },
  });
  assert.is(response.status, 201);
  const attributes = (setCookies(response)[0] ?? '').split(';').map((part) => part.trim().toLowerCase());
  assert.ok(attributes.includes('secure'));
});

auth('seals a fresh cookie at every sign-in', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const first = await signIn(sono, email);
  const second = await signIn(sono, email);
  assert.is.not(first, cookie);
  assert.is.not(first, second);
  assert.is(await whoIs(sono, first), email);
  assert.is(await whoIs(sono, second), email);
});

auth('gives the same answer for an unknown address and a wrong password', async ({ sono }) => {
  const { email } = await signUp(sono);
  const login = (body: object) => sono.api('/api/auth/login', { method: 'POST', json: body });
  const unknown = await login({ email: freshEmail('nobody'), password: PASSWORD });
  const wrong = await login({ email, password: `${PASSWORD}!` });

  assert.is(unknown.status, 401);
  assert.is(wrong.status, 401);
  assert.equal(await unknown.json(), await wrong.json());
  assert.equal(setCookies(unknown), []);
  assert.equal(setCookies(wrong), []);
});

auth('refuses a cookie replayed after sign-out', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const logout = await sono.api('/api/auth/logout', { method: 'POST', headers: withCookie(cookie) });
  assert.is(logout.status, 204);
  assert.match(setCookies(logout)[0] ?? '', /^sono_token=;.*expires=Thu, 01 Jan 1970/i);

  assert.is(await whoIs(sono, cookie), null);
  const session = await sono.api('/api/account/sessions', { headers: withCookie(cookie) });
  assert.is(session.status, 401);
  assert.is((await errorOf(session)).code, 'signed_out');
  assert.is(await whoIs(sono, await signIn(sono, email)), email);
});

auth('treats tampered, truncated and foreign cookies as signed out, never a 500', async ({ sono }) => {
  const { cookie } = await signUp(sono);
  const value = cookie.slice('sono_token='.length);
  const flipped = `${value.slice(0, 40)}${value[40] === 'A' ? 'B' : 'A'}${value.slice(41)}`;
  const foreign = await sealData({ accountId: 'x', version: 0 }, { password: 'p'.repeat(32) });
  const candidates = [
    flipped, value.slice(0, value.length - 5), value.slice(0, 20), '', 'garbage', 'Fe26.2**',
    'Fe26.2*1*a*b*c*d*e*f', '~2', foreign, `${value}*extra`, '%E0%A4%A', 'a'.repeat(4000),
  ];
  for (const candidate of candidates) {
    const response = await sono.api('/api/me', { headers: withCookie(`sono_token=${candidate}`) });
    assert.is(response.status, 200, `cookie ${candidate.slice(0, 30)}`);
    assert.is(field(await response.json(), 'account'), null);
    assert.equal(setCookies(response), []);
  }
});

auth('sets no cookie of any kind for anyone not signed in', async ({ sono }) => {
  const answers = [
    await sono.api('/api/me'),
    await sono.api('/api/health'),
    await sono.api('/api/sessions', { method: 'POST', json: {} }),
    await sono.api('/api/auth/logout', { method: 'POST' }),
    await sono.api('/api/auth/login', { method: 'POST', json: { email: freshEmail(), password: 'x' } }),
    await sono.api('/api/account', { method: 'POST', json: { email: 'not an address', password: PASSWORD } }),
    await sono.api('/'),
    await sono.api('/send'),
  ];
  for (const response of answers) assert.equal(setCookies(response), [], `${response.url}`);
});

auth('answers /api/me without an account: no account, the free limits', async ({ sono }) => {
  const response = await sono.api('/api/me');
  assert.is(response.status, 200);
  assert.is(response.headers.get('Cache-Control'), 'no-store');
  assert.equal(await response.json(), {
    account: null,
    limits: { sessionSeconds: 3600, cooldownSeconds: 1800, nextSessionAt: null },
  });
});

auth('refuses short, common and absurdly long passwords, and takes long ones', async ({ sono }) => {
  const signUpWith = (password: string) => sono.api('/api/account', {
    method: 'POST', json: { email: freshEmail(), password },
  });
  for (const password of ['short', 'password123', '12345678', 'qwertyuiop', 'aaaaaaaaaaaa', 'abcabcabc']) {
    const response = await signUpWith(password);
    assert.is(response.status, 400, password);
    assert.is((await errorOf(response)).field, 'password');
  }
  assert.is((await signUpWith('x7#'.repeat(100))).status, 400);
  assert.is((await signUpWith('long enough words '.repeat(3).slice(0, 64))).status, 201);
  assert.is((await signUpWith('ümlaut-bällchen')).status, 201);
});

auth('refuses a second account for the same address, in any case', async ({ sono }) => {
  const { email } = await signUp(sono);
  const response = await sono.api('/api/account', {
    method: 'POST', json: { email: email.toUpperCase(), password: PASSWORD },
  });
  assert.is(response.status, 409);
  assert.is((await errorOf(response)).field, 'email');
});

auth('refuses state changes from a foreign origin', async ({ sono }) => {
  const { email, cookie } = await signUp(sono);
  const foreign = { Origin: 'https://evil.example', ...withCookie(cookie) };
  const attempts = [
    sono.api('/api/auth/login', { method: 'POST', json: { email, password: PASSWORD }, headers: foreign }),
    sono.api('/api/auth/logout', { method: 'POST', headers: foreign }),
    sono.api('/api/account', { method: 'DELETE', json: { password: PASSWORD }, headers: foreign }),
    sono.api('/api/account/password', {
      method: 'PUT', json: { currentPassword: PASSWORD, newPassword: 'another fine pass' }, headers: foreign,
    }),
    sono.api('/api/sessions', { method: 'POST', json: {}, headers: foreign }),
  ];
  for (const response of await Promise.all(attempts)) {
    assert.is(response.status, 403);
    assert.is((await errorOf(response)).code, 'foreign_origin');
  }
  assert.is(await whoIs(sono, cookie), email);
});

auth.run();

const cap = suite<{ sono: TestSono }>('api/auth failure caps');

cap.before(async (context) => {
  context.sono = await startTestSono({
    SONO_ACCOUNT_LOGIN_LIMIT: '3', SONO_LOGIN_LIMIT: '5', SONO_TRUST_PROXY: 'true',
  });
});
cap.after(async ({ sono }) => sono.close());

cap('caps failed sign-ins on one account, from every network, even with the right password', async ({ sono }) => {
  const { email } = await signUp(sono);
  const login = (password: string, address: string) => sono.api('/api/auth/login', {
    method: 'POST', json: { email, password }, headers: { 'X-Forwarded-For': address },
  });
  for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
    assert.is((await login('wrong password!', address)).status, 401);
  }
  const capped = await login(PASSWORD, '192.0.2.4');
  assert.is(capped.status, 429);
  assert.ok(Number(capped.headers.get('Retry-After')) > 0);
  assert.match((await errorOf(capped)).message, /for this account/);
});

cap('caps an address without an account the same way', async ({ sono }) => {
  const email = freshEmail('ghost');
  const login = (address: string) => sono.api('/api/auth/login', {
    method: 'POST', json: { email, password: PASSWORD }, headers: { 'X-Forwarded-For': address },
  });
  for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
    assert.is((await login(address)).status, 401);
  }
  assert.is((await login('198.51.100.4')).status, 429);
});

cap('caps failed sign-ins from one network across addresses', async ({ sono }) => {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const response = await sono.api('/api/auth/login', {
      method: 'POST', json: { email: freshEmail('spray'), password: PASSWORD },
      headers: { 'X-Forwarded-For': '203.0.113.50' },
    });
    statuses.push(response.status);
  }
  assert.equal(statuses, [401, 401, 401, 401, 401, 429]);
});

cap.run();

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || !(name in value)) throw new Error(`no ${name}`);
  return Object.entries(value).find(([key]) => key === name)?.[1];
}
