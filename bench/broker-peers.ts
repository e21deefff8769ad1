import { WebSocket } from 'ws';

import { isRecord, parseJson, type JsonRecord } from '../server/json.ts';

/** Where a broker takes peers, and how a page of its own origin would reach it. */
export interface BrokerAddress {
  /** ws://host:port/… without the query. */
  socketUrl: string;
  key: string;
  origin: string;
}

export interface Credentials {
  id: string;
  token: string;
}

export interface BenchPeer {
  id: string;
  socket: WebSocket;
}

const OPEN_TIMEOUT_MS = 15_000;
/** The peerjs client's own heartbeat interval. */
const HEARTBEAT_MS = 5000;
const HEARTBEAT_TICK_MS = 50;

/** Connects the way the peerjs client does; null when the broker refuses or never says OPEN. */
export function connectPeer(broker: BrokerAddress, peer: Credentials): Promise<BenchPeer | null> {
  const url = new URL(broker.socketUrl);
  url.search = new URLSearchParams({ key: broker.key, id: peer.id, token: peer.token }).toString();
  const socket = new WebSocket(url, { headers: { Origin: broker.origin } });

  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(), OPEN_TIMEOUT_MS);
    const fail = () => {
      clearTimeout(timer);
      socket.terminate();
      resolve(null);
    };
    socket.once('unexpected-response', fail);
    socket.once('error', fail);
    socket.once('close', fail);
    socket.once('message', (data) => {
      clearTimeout(timer);
      socket.off('error', fail).off('close', fail);
      socket.on('error', () => socket.terminate());
      const first = readMessage(data);
      if (first?.type === 'OPEN') resolve({ id: peer.id, socket });
      else fail();
    });
  });
}

/** Connects every peer, `batch` at a time; answers in their order, null where refused. */
export async function connectAll(broker: BrokerAddress, peers: readonly Credentials[],
  batch: number): Promise<(BenchPeer | null)[]> {
  const slots: (BenchPeer | null)[] = [];
  for (let start = 0; start < peers.length; start += batch) {
    const next = peers.slice(start, start + batch);
    slots.push(...await Promise.all(next.map((peer) => connectPeer(broker, peer))));
  }
  return slots;
}

/**
 * Sends heartbeats as idle peerjs clients do, until the answered function is
 * called. Real clients beat at unrelated moments, so the peers are spread over
 * the interval instead of all beating in one tick.
 */
export function keepAlive(peers: readonly BenchPeer[]): () => void {
  let next = 0;
  const perTick = Math.ceil(peers.length / (HEARTBEAT_MS / HEARTBEAT_TICK_MS));
  const beat = setInterval(() => {
    for (let sent = 0; sent < perTick; sent++, next = (next + 1) % peers.length) {
      const socket = peers[next]?.socket;
      if (socket?.readyState === WebSocket.OPEN) socket.send('{"type":"HEARTBEAT"}');
    }
  }, HEARTBEAT_TICK_MS);
  return () => clearInterval(beat);
}

export function stillOpen(peers: readonly BenchPeer[]): number {
  return peers.filter(({ socket }) => socket.readyState === WebSocket.OPEN).length;
}

export function readMessage(data: unknown): JsonRecord | null {
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : null;
  if (text === null) return null;
  try {
    const value = parseJson(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}
