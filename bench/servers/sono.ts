import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { startSono } from '../../server/sono.ts';
import { reportToBench } from './report.ts';

/**
 * The real Sono with a fresh SQLite file. The limits meant for many networks
 * are raised, because every benchmark client comes from 127.0.0.1; everything
 * else (tickets, session checks, the gate's message rate) is as deployed.
 */
const dataDir = await mkdtemp(join(tmpdir(), 'sono-bench-'));
const config = readConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  SONO_DATA_DIR: dataDir,
  SONO_LOG_LEVEL: 'warn',
  // Given by the bench process when it signs tickets itself (see broker-tickets.ts).
  SONO_SECRET: process.env.SONO_SECRET,
  SONO_SESSION_LIMIT: '100000',
  SONO_BROKER_MAX_PEERS: '100000',
  SONO_BROKER_PEERS_PER_ADDRESS: '100000',
});
const appDir = fileURLToPath(new URL('../../dist', import.meta.url));
const sono = await startSono(config, appDir, createLogger(config.logLevel));

reportToBench(sono.url, async () => {
  await sono.close();
  await rm(dataDir, { recursive: true, force: true });
});
