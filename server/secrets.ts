import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Keys derived from one master secret, one per purpose, so no key is reused. */
export interface Keys {
  tickets: Buffer;
  clients: Buffer;
  /** iron-session's password for the sono_token cookie (it wants a string of 32+ characters). */
  cookie: string;
}

const SECRET_FILE = 'secret';

/**
 * The master secret comes from SONO_SECRET when several instances must share
 * it, and otherwise is generated on first start and kept in the data folder,
 * readable by its owner only.
 */
export async function loadKeys(dataDir: string, configured: string | undefined): Promise<Keys> {
  const secret = configured ?? await readOrCreateSecret(dataDir);
  return {
    tickets: derive(secret, 'sono broker tickets'),
    clients: derive(secret, 'sono client pseudonyms'),
    cookie: derive(secret, 'sono session cookie').toString('base64url'),
  };
}

async function readOrCreateSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, SECRET_FILE);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored.length >= 32) return stored;
    throw new Error(`${path} holds fewer than 32 characters: delete it to have a new one made.`);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

function derive(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', purpose, 32));
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
