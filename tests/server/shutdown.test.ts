import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const shutdown = suite('server/main shutdown');

shutdown('on SIGTERM finishes the request in flight, closes the database and exits 0', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sono-shutdown-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SONO_DATA_DIR: dataDir, SONO_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await listeningUrl(child.stdout);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // A request whose body is still on its way when the signal arrives.
    const body = '{}';
    const pending = new Promise<number>((resolve, reject) => {
      const request = http.request(`${url}/api/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Origin: url },
      }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once('error', reject);
      request.write(body.slice(0, 1));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => request.end(body.slice(1)), 300);
      }, 200);
    });

    assert.is(await pending, 201);
    assert.is(await exited, 0);
    assert.is(await integrity(join(dataDir, 'sono.db')), 'ok');
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

shutdown.run();

function listeningUrl(stdout: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${seen}`)), 60_000);
    stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

function integrity(file: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.get('PRAGMA integrity_check', (error, row: Record<string, unknown> | undefined) => {
        db.close();
        if (error) reject(error);
        else resolve(row?.integrity_check);
      });
    });
  });
}
