import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Store } from '../api/store.ts';
import { clientAddress, networkOf } from '../server/client-address.ts';
import type { Logger } from '../server/log.ts';
import { isOwnOrigin, type OriginPolicy } from '../server/origin.ts';
import { DEFAULT_GATE_LIMITS, Gate, type GateLimits } from './gate.ts';
import { verifyTicket, type Ticket } from './tickets.ts';

export const BROKER_KEY = 'sono';
export const BROKER_MOUNT = '/peerjs';
const SOCKET_PATH = `${BROKER_MOUNT}/peerjs`;
/** Signalling messages (SDP, candidates) are a few KiB; nothing legitimate comes near this. */
const MAX_FRAME_BYTES = 64 * 1024;
const SWEEP_MS = 15_000;

export interface BrokerDeps {
  ticketKey: Buffer;
  store: Store;
  origins: OriginPolicy;
  limits: Partial<GateLimits>;
  log: Logger;
}

export interface Broker {
  /** Handles HTTP requests under /peerjs. */
  app: express.Express;
  /** Takes the upgrade when it is for the broker, answering false for every other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** How many peers hold a broker connection now. */
  connectedPeers(): number;
  close(): void;
}

type Verdict = { ok: true; ticket: Ticket } | { ok: false; status: number; reason: string };

/**
 * The PeerJS server, behind a gate: the WebSocket server is ours (noServer), so
 * every upgrade is checked for origin, ticket and session before the peer
 * server ever sees it, and frames are capped in size.
 */
export function createBroker(server: Server, deps: BrokerDeps): Broker {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const tickets = new WeakMap<WebSocket, Ticket>();
  const limits = { ...DEFAULT_GATE_LIMITS, ...deps.limits };
  const gate = new Gate(limits, deps.log);
  const peerServer = ExpressPeerServer(server, {
    key: BROKER_KEY,
    path: '/',
    allow_discovery: false,
    concurrent_limit: limits.maxPeers,
    corsOptions: { origin: false },
    createWebSocketServer: () => sockets,
  });
  peerServer.on('error', (error) => deps.log.warn('broker error', error.message));

  const app = express();
  app.disable('x-powered-by');
  app.use(BROKER_MOUNT, peerServer);

  const sweep = setInterval(() => {
    closeExpired(sockets, tickets);
    gate.sweep();
  }, SWEEP_MS);
  sweep.unref();

  return {
    app,
    handleUpgrade(req, socket, head) {
      if (new URL(req.url ?? '/', 'http://sono').pathname !== SOCKET_PATH) return false;
      socket.on('error', () => socket.destroy());
      const address = networkOf(clientAddress(req, deps.origins.trustProxy));
      const turnAway = (status: number, reason: string) => {
        deps.log.debug('broker refused a connection', reason);
        refuse(socket, status, reason);
      };
      admit(req, deps).then((verdict) => {
        if (!verdict.ok) return turnAway(verdict.status, verdict.reason);
        const full = gate.refusal(address);
        if (full !== null) return turnAway(503, full);
        return gate.evict(verdict.ticket.peerId).then(() => {
          sockets.handleUpgrade(req, socket, head, (ws) => {
            tickets.set(ws, verdict.ticket);
            gate.guard(ws, verdict.ticket, address);
            sockets.emit('connection', ws, req);
          });
        });
      }).catch((error: unknown) => {
        deps.log.error('broker could not check a connection', error);
        refuse(socket, 503, 'The broker cannot check tickets right now.');
      });
      return true;
    },
    connectedPeers: () => gate.connected,
    close() {
      clearInterval(sweep);
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
    },
  };
}

async function admit(req: IncomingMessage, deps: BrokerDeps): Promise<Verdict> {
  if (!isOwnOrigin(req, deps.origins, true)) {
    return { ok: false, status: 403, reason: 'This page may not use the Sono broker.' };
  }
  const query = new URL(req.url ?? '/', 'http://sono').searchParams;
  const id = query.get('id');
  const token = query.get('token');
  if (query.get('key') !== BROKER_KEY || !id || !token) {
    return { ok: false, status: 400, reason: 'Connect with key, id and token.' };
  }
  const check = verifyTicket(deps.ticketKey, token);
  if (!check.ok || check.ticket.peerId !== id) {
    return { ok: false, status: 401, reason: 'This ticket does not admit this peer.' };
  }
  const session = await deps.store.sessionById(check.ticket.sessionId);
  if (!session || session.endedAt !== null || session.endsAt <= Date.now()) {
    return { ok: false, status: 410, reason: 'This stream has ended.' };
  }
  return { ok: true, ticket: check.ticket };
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\n`
    + `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`
    + body);
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 410: 'Gone', 503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}

/** A session's tickets end with it: peers still connected past their expiry are let go. */
function closeExpired(sockets: WebSocketServer, tickets: WeakMap<WebSocket, Ticket>): void {
  const now = Date.now();
  for (const ws of sockets.clients) {
    const ticket = tickets.get(ws);
    if (ticket && ticket.expiresAt <= now) ws.close(4001, 'ticket expired');
  }
}
