import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { createApi } from '../api/app.ts';
import { openStore, type Store } from '../api/store.ts';
import { BROKER_MOUNT, createBroker } from '../broker/broker.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { loadKeys } from './secrets.ts';
import { setSecurityHeaders } from './security-headers.ts';

export interface Sono {
  /** Where the server listens, e.g. http://127.0.0.1:8080 (the first address it bound). */
  url: string;
  server: http.Server;
  /** How many devices hold a broker connection now. */
  connectedPeers(): number;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5000;
const PURGE_MS = 10 * 60 * 1000;
const RATE_WINDOW_KEEP_MS = 2 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One process, one port: the built app and the API through Koa, the broker
 * through a small Express app under /peerjs, split here by path.
 */
export async function startSono(config: Config, appDir: string, log: Logger): Promise<Sono> {
  const keys = await loadKeys(config.dataDir, config.secret);
  const store = await openStore(join(config.dataDir, 'sono.db'));
  const api = createApi({ config, keys, store, log }, appDir).callback();

  const server = config.tls
    ? https.createServer({
      cert: await readFile(config.tls.certFile),
      key: await readFile(config.tls.keyFile),
    })
    : http.createServer();
  const broker = createBroker(server, {
    ticketKey: keys.tickets,
    store,
    origins: config,
    limits: { maxPeers: config.brokerMaxPeers, peersPerAddress: config.brokerPeersPerAddress },
    log,
  });

  server.on('request', (req, res) => {
    setSecurityHeaders(req, res, config.trustProxy);
    if (isUnder(req.url ?? '/', BROKER_MOUNT)) broker.app(req, res);
    else void api(req, res);
  });
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (broker.handleUpgrade(req, socket, head)) return;
    // Another upgrade listener may own this path; answer only when nobody does.
    if (server.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const purgeOld = () => purge(store, config, log);
  await purgeOld();
  const purgeTimer = setInterval(() => void purgeOld(), PURGE_MS);
  purgeTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
    server,
    connectedPeers: () => broker.connectedPeers(),
    async close() {
      clearInterval(purgeTimer);
      broker.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running get a moment to finish, then their sockets go.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
      await store.close();
    },
  };
}

/** Retention: old session records and spent rate-limit windows go, at start-up and every 10 minutes. */
async function purge(store: Store, config: Config, log: Logger): Promise<void> {
  const now = Date.now();
  try {
    const sessions = await store.purgeSessions(now - config.retentionDays * DAY_MS);
    await store.purgeRateLimits(now - RATE_WINDOW_KEEP_MS);
    if (sessions > 0) log.info('purged old session records', { sessions });
  } catch (error) {
    log.warn('could not purge old records', error);
  }
}

function isUnder(url: string, mount: string): boolean {
  return url === mount || url.startsWith(`${mount}/`) || url.startsWith(`${mount}?`);
}
