import type { JsonRecord } from '../server/json.ts';
import {
  integer, isUniqueViolation, nullableInteger, openDb, string, type Db,
} from './db.ts';
import { createSchema } from './schema.ts';

/**
 * All of Sono's SQL lives here. Statements stay within what both SQLite and
 * PostgreSQL accept (BIGINT times in milliseconds, ON CONFLICT, RETURNING), so
 * moving to a shared PostgreSQL means swapping the driver in db.ts, not these.
 * Every guard that must hold under concurrent requests is a single statement:
 * node-sqlite3 may interleave the steps of two transactions on one connection.
 */
export const PLANS = ['free', 'plus'] as const;
export type Plan = (typeof PLANS)[number];

export interface AccountRow {
  id: string;
  email: string;
  passwordHash: string;
  plan: Plan;
  /** Raised by sign-out and password changes; cookies sealed with an older one are refused. */
  sessionVersion: number;
  /** When a free account may start its next session (ms; 0 = now). */
  nextFreeAt: number;
}

export interface SessionRow {
  id: string;
  senderPeerId: string;
  endsAt: number;
  endedAt: number | null;
}

/** A session's whole row, as its account sees it in the export and the recent list. */
export interface AccountSession {
  id: string;
  codeHash: string;
  senderPeerId: string;
  createdAt: number;
  endsAt: number;
  endedAt: number | null;
}

export interface NewSession {
  id: string;
  codeHash: string;
  senderPeerId: string;
  createdAt: number;
  endsAt: number;
  accountId?: string | null;
}

export type FreeClaim = { ok: true } | { ok: false; nextFreeAt: number };

export interface Store {
  /** Answers false, storing nothing, when the e-mail address already has an account. */
  insertAccount(row: { id: string; email: string; passwordHash: string }): Promise<boolean>;
  accountById(id: string): Promise<AccountRow | null>;
  accountByEmail(email: string): Promise<AccountRow | null>;
  /** Answers false when another account has that address. */
  setEmail(id: string, email: string): Promise<boolean>;
  /** Stores the new hash and raises the session version; answers the new version. */
  setPassword(id: string, passwordHash: string): Promise<number | null>;
  raiseSessionVersion(id: string): Promise<void>;
  setPlan(email: string, plan: Plan): Promise<boolean>;
  /**
   * Moves a free account's next_free_at to `nextFreeAt` if it has passed: one
   * statement, so of many concurrent claims exactly one succeeds.
   */
  claimFreeSession(id: string, now: number, nextFreeAt: number): Promise<FreeClaim>;
  /** Deletes the account, its sessions and the named rate-limit buckets. */
  deleteAccount(id: string, buckets: string[]): Promise<boolean>;

  /** Answers false, storing nothing, when the code hash is already taken. */
  insertSession(row: NewSession): Promise<boolean>;
  sessionByCodeHash(codeHash: string): Promise<SessionRow | null>;
  sessionById(id: string): Promise<SessionRow | null>;
  sessionsOfAccount(accountId: string, limit: number): Promise<AccountSession[]>;
  /**
   * Marks a session ended. A free account's cooldown then runs from this moment
   * rather than from the session's planned end, if that is sooner.
   */
  endSession(id: string, at: number, cooldownMs: number): Promise<void>;
  /** Deletes sessions that ended before `before`; answers how many. */
  purgeSessions(before: number): Promise<number>;

  /** Counts one hit in a bucket's window and answers the window's count so far. */
  countHit(bucket: string, windowStart: number): Promise<number>;
  refundHit(bucket: string, windowStart: number): Promise<void>;
  hitsIn(bucket: string, windowStart: number): Promise<number>;
  purgeRateLimits(before: number): Promise<void>;
  close(): Promise<void>;
}

const ACCOUNT_COLUMNS = 'id, email, password_hash, plan, session_version, next_free_at';
const SESSION_COLUMNS = 'id, sender_peer_id, ends_at, ended_at';

export async function openStore(file: string): Promise<Store> {
  const db = await openDb(file);
  await createSchema(db);
  return { ...accountQueries(db), ...sessionQueries(db), ...rateLimitQueries(db), close: db.close };
}

type AccountQueries = Pick<Store, 'insertAccount' | 'accountById' | 'accountByEmail' | 'setEmail'
  | 'setPassword' | 'raiseSessionVersion' | 'setPlan' | 'claimFreeSession' | 'deleteAccount'>;

function accountQueries(db: Db): AccountQueries {
  const one = async (where: string, value: string) => {
    const row = await db.get(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE ${where} = ?`, [value]);
    return row ? toAccount(row) : null;
  };
  return {
    async insertAccount({ id, email, passwordHash }) {
      const inserted = await db.get(
        `INSERT INTO accounts (id, email, password_hash) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING id`, [id, email, passwordHash]);
      return inserted !== undefined;
    },
    accountById: (id) => one('id', id),
    accountByEmail: (email) => one('email', email),
    async setEmail(id, email) {
      try {
        return await db.run('UPDATE accounts SET email = ? WHERE id = ?', [email, id]) === 1;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async setPassword(id, passwordHash) {
      const row = await db.get(
        `UPDATE accounts SET password_hash = ?, session_version = session_version + 1
         WHERE id = ? RETURNING session_version`, [passwordHash, id]);
      return row ? integer(row, 'session_version') : null;
    },
    async raiseSessionVersion(id) {
      await db.run('UPDATE accounts SET session_version = session_version + 1 WHERE id = ?', [id]);
    },
    async setPlan(email, plan) {
      return await db.run('UPDATE accounts SET plan = ? WHERE email = ?', [plan, email]) === 1;
    },
    async claimFreeSession(id, now, nextFreeAt) {
      const claimed = await db.run(
        'UPDATE accounts SET next_free_at = ? WHERE id = ? AND next_free_at <= ?',
        [nextFreeAt, id, now]);
      if (claimed === 1) return { ok: true };
      const row = await db.get('SELECT next_free_at FROM accounts WHERE id = ?', [id]);
      return { ok: false, nextFreeAt: row ? integer(row, 'next_free_at') : now };
    },
    async deleteAccount(id, buckets) {
      // Sessions go by ON DELETE CASCADE too; deleting them first keeps that true
      // on a database whose foreign keys are off.
      await db.run('DELETE FROM sessions WHERE account_id = ?', [id]);
      for (const bucket of buckets) await db.run('DELETE FROM rate_limits WHERE bucket = ?', [bucket]);
      return await db.run('DELETE FROM accounts WHERE id = ?', [id]) === 1;
    },
  };
}

type SessionQueries = Pick<Store, 'insertSession' | 'sessionByCodeHash' | 'sessionById'
  | 'sessionsOfAccount' | 'endSession' | 'purgeSessions'>;

function sessionQueries(db: Db): SessionQueries {
  return {
    async insertSession({ id, codeHash, senderPeerId, createdAt, endsAt, accountId = null }) {
      const inserted = await db.get(
        `INSERT INTO sessions (id, code_hash, sender_peer_id, created_at, ends_at, account_id)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [id, codeHash, senderPeerId, createdAt, endsAt, accountId]);
      return inserted !== undefined;
    },
    async sessionByCodeHash(codeHash) {
      const row = await db.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE code_hash = ?`, [codeHash]);
      return row ? toSession(row) : null;
    },
    async sessionById(id) {
      const row = await db.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]);
      return row ? toSession(row) : null;
    },
    async sessionsOfAccount(accountId, limit) {
      const rows = await db.all(
        `SELECT id, code_hash, sender_peer_id, created_at, ends_at, ended_at
         FROM sessions WHERE account_id = ?
         ORDER BY created_at DESC LIMIT ?`, [accountId, limit]);
      return rows.map((row) => ({
        id: string(row, 'id'),
        codeHash: string(row, 'code_hash'),
        senderPeerId: string(row, 'sender_peer_id'),
        createdAt: integer(row, 'created_at'),
        endsAt: integer(row, 'ends_at'),
        endedAt: nullableInteger(row, 'ended_at'),
      }));
    },
    async endSession(id, at, cooldownMs) {
      const ended = await db.run('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL',
        [at, id]);
      if (ended === 0) return;
      await db.run(
        `UPDATE accounts SET next_free_at = ?
         WHERE id = (SELECT account_id FROM sessions WHERE id = ?) AND plan = 'free' AND next_free_at > ?`,
        [at + cooldownMs, id, at + cooldownMs]);
    },
    purgeSessions: (before) => db.run(
      'DELETE FROM sessions WHERE COALESCE(ended_at, ends_at) < ?', [before]),
  };
}

type RateLimitQueries = Pick<Store, 'countHit' | 'refundHit' | 'hitsIn' | 'purgeRateLimits'>;

function rateLimitQueries(db: Db): RateLimitQueries {
  return {
    async countHit(bucket, windowStart) {
      const row = await db.get(
        `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits`, [bucket, windowStart]);
      return row ? integer(row, 'hits') : 0;
    },
    async refundHit(bucket, windowStart) {
      await db.run(`UPDATE rate_limits SET hits = hits - 1
                    WHERE bucket = ? AND window_start = ? AND hits > 0`, [bucket, windowStart]);
    },
    async hitsIn(bucket, windowStart) {
      const row = await db.get('SELECT hits FROM rate_limits WHERE bucket = ? AND window_start = ?',
        [bucket, windowStart]);
      return row ? integer(row, 'hits') : 0;
    },
    async purgeRateLimits(before) {
      await db.run('DELETE FROM rate_limits WHERE window_start < ?', [before]);
    },
  };
}

function toAccount(row: JsonRecord): AccountRow {
  const plan = string(row, 'plan');
  return {
    id: string(row, 'id'),
    email: string(row, 'email'),
    passwordHash: string(row, 'password_hash'),
    plan: isPlan(plan) ? plan : 'free',
    sessionVersion: integer(row, 'session_version'),
    nextFreeAt: integer(row, 'next_free_at'),
  };
}

export function isPlan(value: unknown): value is Plan {
  return PLANS.some((plan) => plan === value);
}

function toSession(row: JsonRecord): SessionRow {
  return {
    id: string(row, 'id'),
    senderPeerId: string(row, 'sender_peer_id'),
    endsAt: integer(row, 'ends_at'),
    endedAt: nullableInteger(row, 'ended_at'),
  };
}
