/** Calls for the account view. Answers are checked field by field, like api.ts does. */
import { ApiError, request } from './api.ts';
import { list, record, ShapeError, text, time } from './validate.ts';

export interface Account {
  email: string;
  plan: string;
}

export interface RecentSession {
  id: string;
  startedAt: Date;
  endedAt: Date;
}

export async function whoAmI(): Promise<Account | null> {
  const body = record(await request('GET', '/api/me'), 'answer');
  return body.account === null ? null : checked(() => accountOf(body));
}

export async function signUp(email: string, password: string): Promise<Account> {
  const body = await request('POST', '/api/account', { email, password });
  return checked(() => accountOf(record(body, 'answer')));
}

export async function signIn(email: string, password: string): Promise<Account> {
  const body = await request('POST', '/api/auth/login', { email, password });
  return checked(() => accountOf(record(body, 'answer')));
}

export async function signOut(): Promise<void> {
  await request('POST', '/api/auth/logout');
}

export async function changeEmail(email: string, password: string): Promise<Account> {
  const body = await request('PUT', '/api/account/email', { email, password });
  return checked(() => accountOf(record(body, 'answer')));
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request('PUT', '/api/account/password', { currentPassword, newPassword });
}

export async function deleteAccount(password: string): Promise<void> {
  await request('DELETE', '/api/account', { password });
}

export async function recentSessions(): Promise<RecentSession[]> {
  const body = record(await request('GET', '/api/account/sessions'), 'answer');
  return checked(() => list(body.sessions, 'sessions').map((item, index) => {
    const session = record(item, `sessions[${index}]`);
    const endedAt = session.endedAt === null ? session.endsAt : session.endedAt;
    return {
      id: text(session.id, 'id'),
      startedAt: time(session.startedAt, 'startedAt'),
      endedAt: time(endedAt, 'endedAt'),
    };
  }));
}

function accountOf(body: Record<string, unknown>): Account {
  const account = record(body.account, 'account');
  return { email: text(account.email, 'account.email'), plan: text(account.plan, 'account.plan') };
}

function checked<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new ApiError('bad_answer', 'Sono answered in a way this app does not understand.');
  }
}
