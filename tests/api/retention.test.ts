import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { query } from '../helpers/accounts.ts';
import { createSession, startTestSono } from '../helpers/sono.ts';

const DAY_MS = 24 * 3600_000;

test('purges session records older than the retention period at start-up', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sono-retention-'));
  const file = join(dataDir, 'sono.db');
  try {
    const first = await startTestSono({ SONO_DATA_DIR: dataDir, SONO_RETENTION_DAYS: '30' });
    const old = await createSession(first);
    const recent = await createSession(first);
    const ended = await createSession(first);
    await first.close();

    const now = Date.now();
    await query(file, 'UPDATE sessions SET created_at = ?, ends_at = ? WHERE id = ?',
      [now - 32 * DAY_MS, now - 31 * DAY_MS, old.session.id]);
    await query(file, 'UPDATE sessions SET created_at = ?, ends_at = ? WHERE id = ?',
      [now - 29 * DAY_MS, now - 29 * DAY_MS + 3600_000, recent.session.id]);
    // Planned to end recently, but stopped by its sender long ago: its real end counts.
    await query(file, 'UPDATE sessions SET created_at = ?, ended_at = ? WHERE id = ?',
      [now - 40 * DAY_MS, now - 40 * DAY_MS, ended.session.id]);

    const second = await startTestSono({ SONO_DATA_DIR: dataDir, SONO_RETENTION_DAYS: '30' });
    await second.close();
    const left = (await query(file, 'SELECT id FROM sessions')).map((row) => row.id);
    assert.equal(left, [recent.session.id]);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test.run();
