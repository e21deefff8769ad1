/**
 * The phone's side of a stream: join by code, say hello to the laptop, and take
 * the call it places back, answering with the Opus settings of the sender's mode.
 * Reports exactly one outcome: ended or failed.
 */
import type { DataConnection, MediaConnection, Peer, PeerError } from 'peerjs';
import { joinSession } from './api.ts';
import { createPeer, describePeerError } from './broker.ts';
import { hello, parseCallMetadata, parseControl, stats } from './control.ts';
import type { Figures } from './figures.ts';
import { pollFigures } from './figures-poller.ts';
import { MODES, type QualityMode } from './quality.ts';
import { tuneOpus } from './sdp.ts';
import { userMessage } from './user-error.ts';

export interface ListenerEvents {
  /** May come more than once for one stream; setting it again is harmless. */
  onStream(stream: MediaStream): void;
  /** The sender's quality mode, known as each call arrives. */
  onMode(mode: QualityMode): void;
  /** About once a second while sound flows. */
  onFigures(figures: Figures): void;
  onEnded(reason: string): void;
  onFailed(message: string): void;
}

export const LAPTOP_STOPPED = 'the laptop stopped the stream.';
export const CONNECTION_LOST = 'the connection to the laptop was lost.';

/** From the broker accepting the phone to sound arriving, on a slow network. */
const ANSWER_TIMEOUT_MS = 20_000;
const NO_ANSWER =
  'The laptop did not answer. Check that it is still sending, then try again.';
const BROKER_ERRORS = ['network', 'socket-error', 'socket-closed', 'server-error'];

export class Listener {
  private readonly _events: ListenerEvents;
  private _peer?: Peer;
  private _connection?: DataConnection;
  /** The call sound comes on; a later one (a new mode, or a retry) replaces it. */
  private _call?: MediaConnection;
  /** The user's choice of jitter buffer; until they make one, the mode's. */
  private _bufferMs: number | null = null;
  private _stopPolling?: () => void;
  private _timer?: ReturnType<typeof setTimeout>;
  private _receiving = false;
  private _done = false;

  constructor(events: ListenerEvents) {
    this._events = events;
  }

  /** `code` must already be normalised (see normalizeCode). */
  async join(code: string): Promise<void> {
    let joined;
    try {
      joined = await joinSession(code);
    } catch (error) {
      this._fail(userMessage(error, 'Could not join. Try again.'));
      return;
    }
    if (this._done) return;

    const { senderPeerId } = joined;
    let peer: Peer;
    try {
      peer = await createPeer(joined.peer, joined);
    } catch (error) {
      this._fail(userMessage(error, 'Could not join. Try again.'));
      return;
    }
    this._peer = peer;
    if (this._done) return peer.destroy();
    peer.on('open', () => this._connect(peer, senderPeerId));
    peer.on('call', (call) => this._onCall(call, senderPeerId));
    peer.on('connection', (connection) => connection.close());
    peer.on('error', (error) => this._onPeerError(error));
    this._timer = setTimeout(() => this._fail(NO_ANSWER), ANSWER_TIMEOUT_MS);
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

  private _connect(peer: Peer, senderPeerId: string): void {
    const connection: DataConnection = peer.connect(senderPeerId, { reliable: true });
    this._connection = connection;
    connection.on('open', () => {
      const sent = connection.send(hello());
      if (sent) sent.catch(() => this._end(CONNECTION_LOST));
    });
    connection.on('data', (data) => {
      if (parseControl(data)?.type === 'end') this._end(LAPTOP_STOPPED);
    });
    connection.on('close', () => this._end(CONNECTION_LOST));
  }

  private _onCall(call: MediaConnection, senderPeerId: string): void {
    if (call.peer !== senderPeerId) {
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
      clearTimeout(this._timer);
      this._receiving = true;
      applyBufferTarget(call, this._bufferMs ?? MODES[mode].bufferMs);
      this._watchFigures(call);
      this._events.onStream(stream);
    });
    call.on('close', () => {
      if (this._call === call) this._end(CONNECTION_LOST);
    });
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
    // Once sound flows the broker is not needed any more; losing it changes nothing.
    if (this._receiving && BROKER_ERRORS.includes(error.type)) return;
    this._fail(describePeerError(error));
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
    clearTimeout(this._timer);
    this._stopPolling?.();
    this._peer?.destroy();
  }
}

function applyBufferTarget(call: MediaConnection, ms: number): void {
  for (const receiver of call.peerConnection?.getReceivers() ?? []) {
    if (receiver.track.kind === 'audio') receiver.jitterBufferTarget = ms;
  }
}
