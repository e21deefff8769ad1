import sqlite3 from 'sqlite3';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { isRecord, type JsonRecord } from '../server/json.ts';

export type Param = string | number | null;

/**
 * The driver under the store: the only file that knows it is SQLite. A move to
 * PostgreSQL replaces this file (and numbers the `?` placeholders), not the SQL.
 */
export interface Db {
  /** Runs a statement and answers how many rows it changed. */
  run(sql: string, params?: Param[]): Promise<number>;
  get(sql: string, params?: Param[]): Promise<JsonRecord | undefined>;
  all(sql: string, params?: Param[]): Promise<JsonRecord[]>;
  close(): Promise<void>;
}

export async function openDb(file: string): Promise<Db> {
  await mkdir(dirname(file), { recursive: true });
  const db = await open(file);
  const handle: Db = {
    run: (sql, params = []) => new Promise((resolve, reject) => {
      db.run(sql, params, function done(error) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    }),
    get: (sql, params = []) => new Promise((resolve, reject) => {
      db.get(sql, params, (error, row: unknown) => {
        if (error) reject(error);
        else resolve(isRecord(row) ? row : undefined);
      });
    }),
    all: (sql, params = []) => new Promise((resolve, reject) => {
      db.all(sql, params, (error, rows: unknown[]) => {
        if (error) reject(error);
        else resolve(rows.filter(isRecord));
      });
    }),
    close: () => new Promise((resolve, reject) => {
      db.close((error) => error ? reject(error) : resolve());
    }),
  };

  await handle.run('PRAGMA journal_mode = WAL');
  // FULL makes every commit durable before its callback runs: a write the API has
  // acknowledged survives a crash of the process and of the machine.
  await handle.run('PRAGMA synchronous = FULL');
  await handle.run('PRAGMA busy_timeout = 5000');
  await handle.run('PRAGMA foreign_keys = ON');
  return handle;
}

function open(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => error ? reject(error) : resolve(db));
  });
}

export function integer(row: JsonRecord, column: string): number {
  const value = row[column];
  if (typeof value !== 'number') throw new Error(`store: column ${column} is not a number`);
  return value;
}

export function nullableInteger(row: JsonRecord, column: string): number | null {
  return row[column] === null ? null : integer(row, column);
}

export function string(row: JsonRecord, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`store: column ${column} is not text`);
  return value;
}

/** A UNIQUE constraint refused the write (SQLite's code; PostgreSQL's would be 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT'
    && /UNIQUE/.test(error.message);
}

/** Adding a column that is already there (SQLite's message; PostgreSQL has IF NOT EXISTS). */
export function isDuplicateColumn(error: unknown): boolean {
  return error instanceof Error && /duplicate column name/i.test(error.message);
}
