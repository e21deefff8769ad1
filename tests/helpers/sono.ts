import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { isRecord } from '../../server/json.ts';
import { readConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { startSono, type Sono } from '../../server/sono.ts';

export const APP_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

export interface TestSono extends Sono {
  dataDir: string;
  config: Config;
  /** fetch against the server, sent as the app's own page would send it. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/**
 * The real server on an ephemeral loopback port (or `env.PORT`), with a fresh SQLite
 * file in a temp folder, serving the built app from `appDir`. Given
 * `env.SONO_DATA_DIR` it uses that folder and leaves it behind, so a test can start
 * a server again on the same port and data: a restart.
 */
export async function startTestSono(
  env: Record<string, string> = {}, appDir = APP_DIR,
): Promise<TestSono> {
  const ownDataDir = env.SONO_DATA_DIR;
  const dataDir = ownDataDir ?? await mkdtemp(join(tmpdir(), 'sono-test-'));
  const config = readConfig({
    PORT: '0', HOST: '127.0.0.1', SONO_DATA_DIR: dataDir, SONO_LOG_LEVEL: 'silent', ...env,
  });
  const sono = await startSono(config, appDir, createLogger(config.logLevel));
  return {
    ...sono,
    dataDir,
    config,
    api(path, { json, headers, ...init } = {}) {
      const body = json === undefined ? init.body : JSON.stringify(json);
      return fetch(`${sono.url}${path}`, {
        ...init,
        body,
        headers: {
          Origin: sono.url,
          ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
      });
    },
    async close() {
      await sono.close();
      if (!ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Created {
  session: { id: string; code: string; endsAt: string };
  peer: { id: string; ticket: string };
}

export interface Joined {
  session: { id: string; endsAt: string };
  senderPeerId: string;
  peer: { id: string; ticket: string };
}

export async function createSession(sono: TestSono): Promise<Created> {
  const response = await sono.api('/api/sessions', { method: 'POST', json: {} });
  if (response.status !== 201) throw new Error(`creating a session answered ${response.status}`);
  return readCreated(await response.json());
}

export async function joinSession(sono: TestSono, code: string): Promise<Joined> {
  const response = await sono.api('/api/sessions/join', { method: 'POST', json: { code } });
  if (response.status !== 200) throw new Error(`joining answered ${response.status}`);
  return readJoined(await response.json());
}

function readCreated(value: unknown): Created {
  const session = field(value, 'session');
  const peer = field(value, 'peer');
  return {
    session: { id: text(session, 'id'), code: text(session, 'code'), endsAt: text(session, 'endsAt') },
    peer: { id: text(peer, 'id'), ticket: text(peer, 'ticket') },
  };
}

function readJoined(value: unknown): Joined {
  const session = field(value, 'session');
  const peer = field(value, 'peer');
  return {
    session: { id: text(session, 'id'), endsAt: text(session, 'endsAt') },
    senderPeerId: text(value, 'senderPeerId'),
    peer: { id: text(peer, 'id'), ticket: text(peer, 'ticket') },
  };
}

export function field(value: unknown, name: string): unknown {
  if (!isRecord(value) || !(name in value)) {
    throw new Error(`expected a field "${name}" in ${JSON.stringify(value)}`);
  }
  return value[name];
}

export function text(value: unknown, name: string): string {
  const found = field(value, name);
  if (typeof found !== 'string') throw new Error(`expected "${name}" to be a string`);
  return found;
}

/** The error object of an API error response: `{ code, message, field? }`. */
export async function errorOf(response: Response): Promise<{ code: string; message: string; field?: string }> {
  const error = field(await response.json(), 'error');
  const found = { code: text(error, 'code'), message: text(error, 'message') };
  return isRecord(error) && typeof error.field === 'string' ? { ...found, field: error.field } : found;
}
