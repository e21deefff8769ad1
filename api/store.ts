import sqlite3 from 'sqlite3';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { isRecord, type JsonRecord } from '../server/json.ts';

/**
 * All of Sono's SQL lives here. Statements stay within what both SQLite and
 * PostgreSQL accept (BIGINT times in milliseconds, ON CONFLICT, RETURNING), so
 * moving to a shared PostgreSQL means swapping the driver below, not the queries;
 * only the `?` placeholders would need numbering.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS sessions (
     id TEXT PRIMARY KEY,
     code_hash TEXT NOT NULL UNIQUE,
     sender_peer_id TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     ends_at BIGINT NOT NULL,
     ended_at BIGINT
   )`,
  `CREATE TABLE IF NOT EXISTS rate_limits (
     bucket TEXT NOT NULL,
     window_start BIGINT NOT NULL,
     hits INTEGER NOT NULL,
     PRIMARY KEY (bucket, window_start)
   )`,
];

export interface SessionRow {
  id: string;
  senderPeerId: string;
  endsAt: number;
  endedAt: number | null;
}

export interface NewSession {
  id: string;
  codeHash: string;
  senderPeerId: string;
  createdAt: number;
  endsAt: number;
}

export interface Store {
  /** Answers false, storing nothing, when the code hash is already taken. */
  insertSession(row: NewSession): Promise<boolean>;
  sessionByCodeHash(codeHash: string): Promise<SessionRow | null>;
  sessionById(id: string): Promise<SessionRow | null>;
  endSession(id: string, at: number): Promise<void>;
  /** Counts one hit in a bucket's window and answers the window's count so far. */
  countHit(bucket: string, windowStart: number): Promise<number>;
  refundHit(bucket: string, windowStart: number): Promise<void>;
  purgeRateLimits(before: number): Promise<void>;
  close(): Promise<void>;
}

export async function openStore(file: string): Promise<Store> {
  await mkdir(dirname(file), { recursive: true });
  const db = await open(file);
  await run(db, 'PRAGMA journal_mode = WAL');
  await run(db, 'PRAGMA busy_timeout = 5000');
  await run(db, 'PRAGMA foreign_keys = ON');
  for (const statement of SCHEMA) await run(db, statement);

  return {
    async insertSession({ id, codeHash, senderPeerId, createdAt, endsAt }) {
      const inserted = await get(db,
        `INSERT INTO sessions (id, code_hash, sender_peer_id, created_at, ends_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [id, codeHash, senderPeerId, createdAt, endsAt]);
      return inserted !== undefined;
    },
    async sessionByCodeHash(codeHash) {
      const row = await get(db,
        'SELECT id, sender_peer_id, ends_at, ended_at FROM sessions WHERE code_hash = ?', [codeHash]);
      return row ? toSession(row) : null;
    },
    async sessionById(id) {
      const row = await get(db,
        'SELECT id, sender_peer_id, ends_at, ended_at FROM sessions WHERE id = ?', [id]);
      return row ? toSession(row) : null;
    },
    async endSession(id, at) {
      await run(db, 'UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [at, id]);
    },
    async countHit(bucket, windowStart) {
      const row = await get(db,
        `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits`, [bucket, windowStart]);
      return row ? integer(row, 'hits') : 0;
    },
    async refundHit(bucket, windowStart) {
      await run(db, `UPDATE rate_limits SET hits = hits - 1
                     WHERE bucket = ? AND window_start = ? AND hits > 0`, [bucket, windowStart]);
    },
    async purgeRateLimits(before) {
      await run(db, 'DELETE FROM rate_limits WHERE window_start < ?', [before]);
    },
    close: () => new Promise((resolve, reject) => db.close((error) => error ? reject(error) : resolve())),
  };
}

type Param = string | number | null;

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => error ? reject(error) : resolve(db));
  });
}

function run(db: sqlite3.Database, sql: string, params: Param[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    db.run(sql, params, (error) => error ? reject(error) : resolve());
  });
}

function get(db: sqlite3.Database, sql: string, params: Param[]): Promise<JsonRecord | undefined> {
  return new Promise((resolve, reject) => {
    db.get(sql, params, (error, row: unknown) => {
      if (error) reject(error);
      else resolve(isRecord(row) ? row : undefined);
    });
  });
}

function toSession(row: JsonRecord): SessionRow {
  const endedAt = row.ended_at;
  return {
    id: String(row.id),
    senderPeerId: String(row.sender_peer_id),
    endsAt: integer(row, 'ends_at'),
    endedAt: endedAt === null ? null : integer(row, 'ended_at'),
  };
}

function integer(row: JsonRecord, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`store: column ${column} is not a number`);
  return value;
}
