import type { Peer } from 'peerjs';

import { backoffDelay } from './backoff.ts';

export type BrokerState = 'connected' | 'reconnecting';

/**
 * Keeps a peer connected to the broker: when the connection drops (a Wi-Fi
 * blip, the server restarting) it reconnects with the same id and ticket, with
 * backoff, until it is stopped. Calls already flowing peer to peer are not
 * touched meanwhile. The broker replaces a lingering old socket of the same
 * id, so the reconnect gets its OPEN.
 */
export class BrokerKeeper {
  private _attempt = 0;
  private _timer?: ReturnType<typeof setTimeout>;
  private _stopped = false;

  constructor(private readonly _peer: Peer, private readonly _onState: (state: BrokerState) => void) {
    _peer.on('disconnected', this._onDisconnected);
    _peer.on('open', this._onOpen);
  }

  stop(): void {
    this._stopped = true;
    clearTimeout(this._timer);
    this._peer.off('disconnected', this._onDisconnected);
    this._peer.off('open', this._onOpen);
  }

  private readonly _onOpen = (): void => {
    this._attempt = 0;
    this._onState('connected');
  };

  private readonly _onDisconnected = (): void => {
    if (this._stopped || this._peer.destroyed) return;
    this._onState('reconnecting');
    clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._attempt += 1;
      if (!this._stopped && this._peer.disconnected && !this._peer.destroyed) this._peer.reconnect();
    }, backoffDelay(this._attempt));
  };
}
