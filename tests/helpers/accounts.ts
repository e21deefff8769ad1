import sqlite3 from 'sqlite3';
import { join } from 'node:path';

import { isRecord } from '../../server/json.ts';
import type { TestSono } from './sono.ts';

/** A password that passes the rules; each test account gets its own e-mail address. */
export const PASSWORD = 'correct horse battery staple';

let counter = 0;
export function freshEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${counter}-${process.pid}@example.com`;
}

/** The Set-Cookie headers of a response, whole. */
export function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

/** `sono_token=…` from a response, as a browser would send it back. */
export function tokenFrom(response: Response): string {
  const header = setCookies(response).find((line) => line.startsWith('sono_token='));
  if (!header) throw new Error(`no sono_token cookie in answer ${response.status}`);
  return header.split(';')[0] ?? '';
}

export function withCookie(cookie: string): Record<string, string> {
  return { Cookie: cookie };
}

export async function signUp(sono: TestSono, email = freshEmail(), password = PASSWORD):
  Promise<{ email: string; cookie: string }> {
  const response = await sono.api('/api/account', { method: 'POST', json: { email, password } });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}`);
  return { email, cookie: tokenFrom(response) };
}

export async function signIn(sono: TestSono, email: string, password = PASSWORD): Promise<string> {
  const response = await sono.api('/api/auth/login', { method: 'POST', json: { email, password } });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return tokenFrom(response);
}

/** The e-mail of the account a cookie signs in, or null for "signed out". */
export async function whoIs(sono: TestSono, cookie: string): Promise<string | null> {
  const response = await sono.api('/api/me', { headers: withCookie(cookie) });
  if (response.status !== 200) throw new Error(`/api/me answered ${response.status}`);
  const body: unknown = await response.json();
  const account = isRecord(body) ? body.account : undefined;
  if (account === null) return null;
  if (isRecord(account) && typeof account.email === 'string') return account.email;
  throw new Error(`unexpected /api/me answer ${JSON.stringify(body)}`);
}

export function dbFile(sono: TestSono): string {
  return join(sono.dataDir, 'sono.db');
}

/** Reads the test's SQLite file directly, beside the running server. */
export function query(file: string, sql: string, params: (string | number)[] = []):
  Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      db.all(sql, params, (error, rows: unknown[]) => {
        db.close(() => error ? reject(error) : resolve(rows.filter(isRecord)));
      });
    });
  });
}
