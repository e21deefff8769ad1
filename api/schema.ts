import { isDuplicateColumn, type Db } from './db.ts';

/**
 * The tables, in SQL that SQLite and PostgreSQL both accept: times are BIGINT
 * milliseconds, ids are TEXT. What is kept is exactly what the privacy page
 * lists; a new column here is a new promise there.
 */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS accounts (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     password_hash TEXT NOT NULL,
     plan TEXT NOT NULL DEFAULT 'free',
     session_version INTEGER NOT NULL DEFAULT 0,
     next_free_at BIGINT NOT NULL DEFAULT 0
   )`,
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

/** Columns added after a table first shipped: databases made before them get them here. */
const ADDED_COLUMNS = [
  'ALTER TABLE sessions ADD COLUMN account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE',
];

const INDEXES = [
  'CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions (account_id)',
  'CREATE INDEX IF NOT EXISTS sessions_by_end ON sessions (ends_at)',
];

export async function createSchema(db: Db): Promise<void> {
  for (const statement of TABLES) await db.run(statement);
  for (const statement of ADDED_COLUMNS) {
    try {
      await db.run(statement);
    } catch (error) {
      if (!isDuplicateColumn(error)) throw error;
    }
  }
  for (const statement of INDEXES) await db.run(statement);
}
