import type { WebSocket } from 'ws';

import type { Logger } from '../server/log.ts';
import { readFrame } from './frames.ts';
import type { Ticket } from './tickets.ts';
import { TokenBucket } from './token-bucket.ts';

export interface GateLimits {
  maxPeers: number;
  peersPerAddress: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** Messages held for one peer that has not connected (yet). */
  queuedPerPeer: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  maxPeers: 5000,
  peersPerAddress: 50,
  messagesPerSecond: 20,
  messageBurst: 100,
  queuedPerPeer: 50,
};

/** The peer server keeps queued messages this long (its expire_timeout) and a margin. */
const QUEUE_MEMORY_MS = 10_000;
const POLICY_VIOLATION = 1008;

/**
 * What the broker enforces beyond tickets: how many peers it holds, from one
 * address and in all, and what each peer may send. The peer server's own
 * handlers cannot refuse a message, so the gate sits in front of them on each
 * socket and drops or cuts off before they see anything.
 */
export class Gate {
  private readonly _perAddress = new Map<string, number>();
  private readonly _peers = new Map<string, WebSocket>();
  private readonly _queued = new Map<string, { count: number; since: number }>();

  constructor(private readonly limits: GateLimits, private readonly log: Logger) {}

  /** How many peers are connected now. */
  get connected(): number {
    return this._peers.size;
  }

  /** Why one more peer from `address` may not connect now, or null when it may. */
  refusal(address: string): string | null {
    if (this._peers.size >= this.limits.maxPeers) return 'The broker is full. Try again in a minute.';
    if ((this._perAddress.get(address) ?? 0) >= this.limits.peersPerAddress) {
      return 'Too many devices from your network are connected.';
    }
    return null;
  }

  /**
   * Closes the socket a peer id already holds and resolves once the peer server
   * has let it go. A peer that reconnects (after a network change, say) while
   * its old socket still looks alive would otherwise be treated as that old
   * client, and the peerjs client would wait forever for its OPEN (the known
   * peerjs-server bug with reconnects under the same id and token).
   */
  evict(peerId: string): Promise<void> {
    const stale = this._peers.get(peerId);
    if (!stale || stale.readyState === stale.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      stale.once('close', () => setImmediate(resolve));
      stale.terminate();
    });
  }

  guard(ws: WebSocket, ticket: Ticket, address: string): void {
    this._perAddress.set(address, (this._perAddress.get(address) ?? 0) + 1);
    this._peers.set(ticket.peerId, ws);
    this._queued.delete(ticket.peerId);
    ws.once('close', () => {
      const left = (this._perAddress.get(address) ?? 1) - 1;
      if (left > 0) this._perAddress.set(address, left);
      else this._perAddress.delete(address);
      if (this._peers.get(ticket.peerId) === ws) this._peers.delete(ticket.peerId);
    });

    const bucket = new TokenBucket(this.limits.messageBurst, this.limits.messagesPerSecond);
    const emit = ws.emit;
    const gate = this;
    ws.emit = function gatedEmit(this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message' && !gate._pass(ws, ticket, bucket, args[0], args[1])) return false;
      return Boolean(Reflect.apply(emit, this, [event, ...args]));
    };
  }

  /** Forgets queue counts the peer server has expired by now. */
  sweep(now = Date.now()): void {
    for (const [peerId, queued] of this._queued) {
      if (now - queued.since > QUEUE_MEMORY_MS) this._queued.delete(peerId);
    }
  }

  private _pass(ws: WebSocket, ticket: Ticket, bucket: TokenBucket, data: unknown, binary: unknown):
    boolean {
    if (!bucket.take()) return this._cutOff(ws, 'sent too many messages');
    const text = binary === false && Buffer.isBuffer(data) ? data.toString('utf8') : null;
    const frame = text === null ? null : readFrame(text, ticket.sessionId);
    if (frame === null) return this._cutOff(ws, 'sent a frame the broker does not accept');
    if (frame.type === 'HEARTBEAT' || this._peers.has(frame.dst)) return true;
    return this._mayQueueFor(frame.dst);
  }

  /**
   * Messages for an absent peer wait for it, but only so many of them. Together
   * with the rate limit this bounds what one connection can have queued.
   */
  private _mayQueueFor(peerId: string): boolean {
    const now = Date.now();
    const queued = this._queued.get(peerId);
    if (!queued || now - queued.since > QUEUE_MEMORY_MS) {
      this._queued.set(peerId, { count: 1, since: now });
      return true;
    }
    queued.count += 1;
    return queued.count <= this.limits.queuedPerPeer;
  }

  private _cutOff(ws: WebSocket, why: string): false {
    this.log.debug(`broker closed a peer that ${why}`);
    ws.close(POLICY_VIOLATION, why);
    return false;
  }
}
