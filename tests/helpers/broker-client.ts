import { WebSocket } from 'ws';

import type { TestSono } from './sono.ts';

export type Outcome =
  | { opened: true; first: unknown; socket: WebSocket }
  | { opened: false; status: number };

/** Everything each socket received, kept from the start so no early message is missed. */
const received = new WeakMap<WebSocket, unknown[]>();

/** Connects to the broker as the peerjs client would, answering what the server said first. */
export function connectPeer(sono: TestSono, query: Record<string, string>,
  headers: Record<string, string> = { Origin: sono.url }): Promise<Outcome> {
  const url = new URL('/peerjs/peerjs', sono.url.replace('http', 'ws'));
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const socket = new WebSocket(url, { headers });
  const messages: unknown[] = [];
  received.set(socket, messages);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('the broker neither answered nor refused within 5 s'));
    }, 5000);
    socket.once('close', () => clearTimeout(timer));
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve({ opened: false, status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)));
      if (messages.length !== 1) return;
      clearTimeout(timer);
      resolve({ opened: true, first: messages[0], socket });
    });
    socket.once('error', reject);
  });
}

export const asPeer = (peer: { id: string; ticket: string }) => ({ key: 'sono', id: peer.id, token: peer.ticket });

/** The open socket of an outcome, failing loudly when the broker refused it. */
export function opened(outcome: Outcome): WebSocket {
  if (!outcome.opened) throw new Error(`the broker refused with ${outcome.status}`);
  return outcome.socket;
}

export function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

/** The parsed messages a socket has received after the broker's OPEN, growing as more arrive. */
export function inbox(socket: WebSocket): { readonly length: number; at(index: number): unknown; all(): unknown[] } {
  const messages = received.get(socket) ?? [];
  return {
    get length() { return Math.max(0, messages.length - 1); },
    at: (index) => messages[index + 1],
    all: () => messages.slice(1),
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` holds, polling for at most `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > ms) throw new Error('timed out waiting');
    await delay(20);
  }
}
