import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { openStore } from '../../api/store.ts';
import { query } from '../helpers/accounts.ts';

const WRITER = fileURLToPath(new URL('../helpers/crash-writer.ts', import.meta.url));
const ACKS_BEFORE_KILL = 400;

test('keeps every acknowledged write through a SIGKILL, with an intact database', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sono-crash-'));
  const file = join(dir, 'sono.db');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged = { account: new Set<string>(), session: new Set<string>() };
    const exited = new Promise((resolve) => child.once('exit', resolve));

    // Killed from inside the read loop, while the writer is mid-stream.
    for await (const line of createInterface({ input: child.stdout })) {
      const [kind, id] = line.split(' ');
      if ((kind === 'account' || kind === 'session') && id) acknowledged[kind].add(id);
      if (acknowledged.account.size + acknowledged.session.size >= ACKS_BEFORE_KILL) {
        child.kill('SIGKILL');
        break;
      }
    }
    assert.is(await exited, null, 'the writer must have been killed, not have finished');

    const store = await openStore(file);
    await store.close();
    const accounts = new Set((await query(file, 'SELECT id FROM accounts')).map((row) => row.id));
    const sessions = new Set((await query(file, 'SELECT id FROM sessions')).map((row) => row.id));
    assert.equal([...acknowledged.account].filter((id) => !accounts.has(id)), []);
    assert.equal([...acknowledged.session].filter((id) => !sessions.has(id)), []);
    assert.equal(await query(file, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
