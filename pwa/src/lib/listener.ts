/**
 * The phone's side of a stream: join by code, say hello to the laptop, and take
 * the call it places back, answering with the Opus settings of the sender's mode.
 * People listen for hours, so a lost link is not the end: the phone says hello
 * again (the laptop calls again) until sound returns, the laptop says the stream
 * ended, or the session is over. Reports exactly one outcome: ended or failed.
 */
import type { DataConnection, MediaConnection, Peer, PeerError } from 'peerjs';
import { ApiError, joinSession } from './api.ts';
import { backoffDelay } from './backoff.ts';
import { BrokerKeeper } from './broker-keeper.ts';
import { createPeer, describePeerError } from './broker.ts';
import { hello, parseCallMetadata, parseControl, stats } from './control.ts';
import type { Figures } from './figures.ts';
import { pollFigures } from './figures-poller.ts';
import { MODES, type QualityMode } from './quality.ts';
import { tuneOpus } from './sdp.ts';
import { UltraPlayer, type UltraFigures } from './ultra/ultra-player.ts';
import { userMessage } from './user-error.ts';

export interface UltraState {
  active: boolean;
  /** Why it is on or off, in plain words. */
  note: string;
  figures?: UltraFigures;
}

export interface ListenerEvents {
  /** May come more than once for one stream; setting it again is harmless. */
  onStream(stream: MediaStream): void;
  /** The sender's quality mode, known as each call arrives. */
  onMode(mode: QualityMode): void;
  /** About once a second while sound flows. */
  onFigures(figures: Figures): void;
  /** Only in the Ultra-low latency mode: whether its data path carries the sound. */
  onUltra(state: UltraState): void;
  /** The link to the laptop was lost after sound had flowed; trying to get it back. */
  onReconnecting(): void;
  onEnded(reason: string): void;
  onFailed(message: string): void;
}

export const LAPTOP_STOPPED = 'the laptop stopped the stream.';
export const CONNECTION_LOST = 'the connection to the laptop was lost.';
const TIME_UP = 'the session time is up.';
const ULTRA_ON = 'Ultra-low latency: on';
const ULTRA_IMPOSSIBLE = 'Ultra-low latency is not possible here: normal sound instead.';
const ultraPaused = (reason: string) =>
  `Ultra-low latency paused (${reason}): normal sound meanwhile.`;

/** From the broker accepting the phone to sound arriving, on a slow network. */
const ANSWER_TIMEOUT_MS = 20_000;
/** A hello that brings no call within this long counts as a failed attempt. */
const RELINK_WAIT_MS = 8_000;
/** A laptop gone this long (tab closed, lid shut) is not coming back. */
const GIVE_UP_MS = 3 * 60_000;
const NO_ANSWER =
  'The laptop did not answer. Check that it is still sending, then try again.';
const BROKER_ERRORS = ['network', 'socket-error', 'socket-closed', 'server-error'];
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Listener {
  private readonly _events: ListenerEvents;
  private _code = '';
  private _senderPeerId = '';
  private _peer?: Peer;
  private _keeper?: BrokerKeeper;
  private _connection?: DataConnection;
  /** The call sound comes on; a later one (a new mode, or a retry) replaces it. */
  private _call?: MediaConnection;
  private _ultra?: UltraPlayer;
  /** The user's choice of jitter buffer; until they make one, the mode's. */
  private _bufferMs: number | null = null;
  private _stopPolling?: () => void;
  private _answerTimer?: ReturnType<typeof setTimeout>;
  private _endTimer?: ReturnType<typeof setTimeout>;
  private _relinkTimer?: ReturnType<typeof setTimeout>;
  private _attempt = 0;
  private _lostSince: number | null = null;
  private _receiving = false;
  private _done = false;

  constructor(events: ListenerEvents) {
    this._events = events;
  }

  /** `code` must already be normalised (see normalizeCode). */
  async join(code: string): Promise<void> {
    this._code = code;
    let joined;
    let peer: Peer;
    try {
      joined = await joinSession(code);
      if (this._done) return;
      peer = await createPeer(joined.peer, joined);
    } catch (error) {
      this._fail(userMessage(error, 'Could not join. Try again.'));
      return;
    }
    this._peer = peer;
    if (this._done) return peer.destroy();

    this._senderPeerId = joined.senderPeerId;
    this._keeper = new BrokerKeeper(peer, () => {});
    peer.once('open', () => this._connect());
    peer.on('call', (call) => this._onCall(call));
    peer.on('connection', (connection) => connection.close());
    peer.on('error', (error) => this._onPeerError(error));
    this._answerTimer = setTimeout(() => this._fail(NO_ANSWER), ANSWER_TIMEOUT_MS);
    const untilEnd = joined.session.endsAt.getTime() - Date.now();
    if (untilEnd < MAX_TIMER_MS) this._endTimer = setTimeout(() => this._end(TIME_UP), untilEnd);
  }

  /** Latency against robustness: how long the phone holds sound before playing it. */
  setBufferTarget(ms: number): void {
    this._bufferMs = ms;
    if (this._call) applyBufferTarget(this._call, ms);
  }

  /** Quietly drops everything; no event follows. */
  leave(): void {
    this._done = true;
    this._cleanUp();
  }

  private _connect(): void {
    const peer = this._peer;
    if (!peer || this._done) return;
    const connection: DataConnection = peer.connect(this._senderPeerId, { reliable: true });
    this._connection = connection;
    connection.on('open', () => {
      const sent = connection.send(hello());
      if (sent) sent.catch(() => this._linkLost());
    });
    connection.on('data', (data) => {
      if (parseControl(data)?.type === 'end') this._end(LAPTOP_STOPPED);
    });
    connection.on('close', () => {
      if (this._connection === connection) this._linkLost();
    });
  }

  private _onCall(call: MediaConnection): void {
    if (call.peer !== this._senderPeerId || this._done) {
      call.close();
      return;
    }
    const previous = this._call;
    this._call = call;
    previous?.close();

    const { mode } = parseCallMetadata(call.metadata);
    this._events.onMode(mode);
    const tuning = MODES[mode].opus;
    // Listen only: the phone never captures (that would reroute its output to the earpiece).
    call.answer(undefined, { sdpTransform: (sdp: string) => tuneOpus(sdp, tuning) });
    call.on('stream', (stream) => {
      if (this._done || this._call !== call) return;
      this._linked();
      applyBufferTarget(call, this._bufferMs ?? MODES[mode].bufferMs);
      this._watchFigures(call);
      this._events.onStream(stream);
      if (mode === 'ultra') void this._startUltra(call, stream);
    });
    call.on('close', () => {
      if (this._call === call) this._linkLost();
    });
    call.peerConnection.addEventListener('connectionstatechange', () => {
      if (call.peerConnection.connectionState === 'failed' && this._call === call) this._linkLost();
    });
  }

  /** Sound flows (again): forget the trouble. */
  private _linked(): void {
    clearTimeout(this._answerTimer);
    clearTimeout(this._relinkTimer);
    this._relinkTimer = undefined;
    this._attempt = 0;
    this._lostSince = null;
    this._receiving = true;
  }

  /**
   * The link to the laptop is gone but nobody said the stream ended: a network
   * change, the laptop reloading, ICE failing. Try again after a pause.
   */
  private _linkLost(retryNow = false): void {
    if (retryNow) {
      clearTimeout(this._relinkTimer);
      this._relinkTimer = undefined;
    }
    if (this._done || this._relinkTimer !== undefined) return;
    this._stopUltra();
    const now = Date.now();
    this._lostSince ??= now;
    if (now - this._lostSince > GIVE_UP_MS) return this._end(CONNECTION_LOST);
    if (this._receiving) this._events.onReconnecting();
    this._relinkTimer = setTimeout(() => void this._relink(), backoffDelay(this._attempt));
    this._attempt += 1;
  }

  private async _relink(): Promise<void> {
    this._relinkTimer = undefined;
    if (this._done) return;
    // Asking the API again tells an ended session from a lost link.
    try {
      await joinSession(this._code);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) {
        return this._end(error.code === 'session_expired' ? TIME_UP : LAPTOP_STOPPED);
      }
      // The server may be restarting; the next attempt asks again.
    }
    if (this._done) return;
    if (this._peer?.open) {
      const old = this._connection;
      this._connection = undefined;
      old?.close();
      this._connect();
    }
    this._relinkTimer = setTimeout(() => {
      this._relinkTimer = undefined;
      this._linkLost();
    }, RELINK_WAIT_MS);
  }

  private async _startUltra(call: MediaConnection, stream: MediaStream): Promise<void> {
    this._stopUltra();
    const report = (state: UltraState) => {
      if (this._call === call && !this._done) this._events.onUltra(state);
    };
    report({ active: false, note: 'Ultra-low latency: starting…' });
    let player: UltraPlayer;
    try {
      player = await UltraPlayer.start(call.peerConnection, {
        onFigures: (figures) => {
          if (this._ultra !== player || !player.healthy) return;
          report({ active: true, note: ULTRA_ON, figures });
        },
        onHealth: (healthy, reason) => {
          if (this._ultra !== player || this._call !== call) return;
          this._events.onStream(healthy ? player.stream : stream);
          report({ active: healthy, note: healthy ? ULTRA_ON : ultraPaused(reason) });
        },
      });
    } catch {
      report({ active: false, note: ULTRA_IMPOSSIBLE });
      return;
    }
    if (this._call !== call || this._done) return player.stop();
    this._ultra = player;
  }

  private _stopUltra(): void {
    this._ultra?.stop();
    this._ultra = undefined;
  }

  private _watchFigures(call: MediaConnection): void {
    this._stopPolling?.();
    this._stopPolling = pollFigures(call.peerConnection, (figures) => {
      if (this._done) return;
      this._events.onFigures(figures);
      // The laptop shows them too. A message that cannot go is simply skipped.
      try {
        const sent = this._connection?.send(stats(figures));
        if (sent) sent.catch(() => {});
      } catch {}
    });
  }

  private _onPeerError(error: PeerError<string>): void {
    // The broker is only needed to find the laptop; the keeper reconnects to it.
    if (BROKER_ERRORS.includes(error.type)) return;
    // The laptop is not on the broker (yet): it may be reloading.
    if (error.type === 'peer-unavailable') return this._linkLost(true);
    if (!this._receiving) this._fail(describePeerError(error));
  }

  private _end(reason: string): void {
    if (this._done) return;
    this._done = true;
    this._cleanUp();
    this._events.onEnded(reason);
  }

  private _fail(message: string): void {
    if (this._done) return;
    this._done = true;
    this._cleanUp();
    this._events.onFailed(message);
  }

  private _cleanUp(): void {
    clearTimeout(this._answerTimer);
    clearTimeout(this._endTimer);
    clearTimeout(this._relinkTimer);
    this._stopPolling?.();
    this._stopUltra();
    this._keeper?.stop();
    this._peer?.destroy();
  }
}

function applyBufferTarget(call: MediaConnection, ms: number): void {
  for (const receiver of call.peerConnection?.getReceivers() ?? []) {
    if (receiver.track.kind === 'audio') receiver.jitterBufferTarget = ms;
  }
}
