/**
 * The laptop's side of a stream: one session, one broker peer, and a call to each
 * listener of that session that says hello, carrying the quality mode. Owns the
 * source from start() on and stops it when the stream ends.
 */
import type { DataConnection, MediaConnection, Peer, PeerError } from 'peerjs';
import { createSession, endSession, type StartedSession } from './api.ts';
import { BrokerKeeper } from './broker-keeper.ts';
import { createPeer, describePeerError, whenOpen } from './broker.ts';
import { callMetadata, end, parseControl, type SharedFigures } from './control.ts';
import { MODES, type QualityMode } from './quality.ts';
import type { Source } from './sources.ts';
import { UltraTap } from './ultra/ultra-tap.ts';

export interface ListenerInfo {
  peerId: string;
  name: string;
  /** What the phone last reported about its sound, once it has. */
  figures?: SharedFigures;
}

export interface SenderEvents {
  onListeners(listeners: readonly ListenerInfo[]): void;
  /** Something went wrong but the stream goes on. */
  onNotice(message: string): void;
  onEnded(reason: string): void;
}

interface Listener extends ListenerInfo {
  connection: DataConnection;
  call?: MediaConnection;
}

/** Telling the API is a courtesy (the session expires anyway): never let it hold up Stop. */
const END_SESSION_TIMEOUT_MS = 4_000;
/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const BROKER_LOST =
  'Lost the connection to the Sono server; reconnecting. Phones already listening keep ' +
  'playing; new ones can join once it is back.';

export class Sender {
  readonly code: string;
  readonly endsAt: Date;
  /** When the next free session may start; null on a plan without limits. */
  readonly cooldownEndsAt: Date | null;

  private readonly _session: StartedSession;
  private readonly _peer: Peer;
  private readonly _events: SenderEvents;
  private _source: Source;
  private _mode: QualityMode;
  private readonly _listeners = new Map<DataConnection, Listener>();
  private _joinedCount = 0;
  private _endTimer?: ReturnType<typeof setTimeout>;
  private readonly _keeper: BrokerKeeper;
  /** The ultra-low-latency tap, while that mode is on. */
  private _tap: Promise<UltraTap | null> | null = null;
  private _stopped = false;

  /**
   * Opens a session (or picks up `resume`, one this tab started before a reload)
   * and waits until the broker has accepted this laptop.
   */
  static async start(
    source: Source,
    mode: QualityMode,
    events: SenderEvents,
    resume?: StartedSession,
  ): Promise<Sender> {
    const session = resume ?? await createSession();
    const peer = await createPeer(session.peer, session);
    try {
      await whenOpen(peer);
    } catch (error) {
      peer.destroy();
      if (!resume) endSession(session.session.id, session.peer.ticket).catch(() => {});
      throw error;
    }
    return new Sender(session, peer, source, mode, events);
  }

  private constructor(
    session: StartedSession,
    peer: Peer,
    source: Source,
    mode: QualityMode,
    events: SenderEvents,
  ) {
    this._session = session;
    this._peer = peer;
    this._source = source;
    this._mode = mode;
    this._events = events;
    this.code = session.session.code;
    this.endsAt = session.session.endsAt;
    this.cooldownEndsAt = session.session.cooldownEndsAt;

    peer.on('connection', (connection) => this._onConnection(connection));
    peer.on('call', (call) => call.close());
    peer.on('error', (error) => this._onPeerError(error));
    this._keeper = new BrokerKeeper(peer, (state) => {
      if (state === 'connected' && !this._stopped) this._events.onNotice('');
    });
    this._watchSource();

    const untilEnd = this.endsAt.getTime() - Date.now();
    if (untilEnd < MAX_TIMER_MS) {
      this._endTimer = setTimeout(() => void this.stop('The session time is up.'), untilEnd);
    }
  }

  get source(): Source {
    return this._source;
  }

  /** What a reload needs to pick this stream up again. */
  get session(): StartedSession {
    return this._session;
  }

  get mode(): QualityMode {
    return this._mode;
  }

  /**
   * The phone's answer fixes the encoding, so a new mode needs a new call: each
   * listener gets one, and drops the old call when it arrives (a short gap).
   */
  setMode(mode: QualityMode): void {
    if (this._stopped || mode === this._mode) return;
    this._mode = mode;
    if (mode !== 'ultra') this._stopTap();
    for (const listener of this._listeners.values()) {
      if (listener.call) this._call(listener);
    }
  }

  /** Swaps the sound without dropping anyone: each call's sender gets the new track. */
  async replaceSource(next: Source): Promise<void> {
    const [track] = next.stream.getAudioTracks();
    if (this._stopped || !track) {
      next.stop();
      return;
    }
    const swaps = [...this._listeners.values()].flatMap(({ call }) =>
      (call?.peerConnection?.getSenders() ?? [])
        .filter((rtpSender) => rtpSender.track?.kind !== 'video')
        .map((rtpSender) => rtpSender.replaceTrack(track)),
    );
    await Promise.allSettled(swaps);
    await (await this._tap)?.replaceStream(next.stream);

    this._unwatchSource();
    this._source.stop();
    this._source = next;
    this._watchSource();
  }

  async stop(reason: string): Promise<void> {
    if (this._stopped) return;
    this._stopped = true;
    clearTimeout(this._endTimer);
    this._unwatchSource();

    this._sayEnd();
    this._source.stop();
    const { session, peer } = this._session;
    const told = endSession(session.id, peer.ticket).catch(() => {});
    const gaveUp = new Promise((resolve) => setTimeout(resolve, END_SESSION_TIMEOUT_MS));
    await Promise.race([told, gaveUp]);

    this._close();
    this._events.onEnded(reason);
  }

  /**
   * For a page that is going away. It may be a reload, after which the tab picks
   * the session up again, so the session is not ended: listeners hear the link
   * drop, keep trying, and give up by themselves if the laptop never returns.
   */
  abandon(): void {
    if (this._stopped) return;
    this._stopped = true;
    clearTimeout(this._endTimer);
    this._unwatchSource();
    this._source.stop();
    this._close();
  }

  private _onConnection(connection: DataConnection): void {
    // Only this session's listeners: anyone else on the broker gets nothing.
    if (this._stopped || !connection.peer.startsWith(this._session.session.id)) {
      connection.close();
      return;
    }

    connection.on('open', () => {
      this._joinedCount += 1;
      const name = `Listener ${this._joinedCount}`;
      this._listeners.set(connection, { peerId: connection.peer, name, connection });
      this._announce();
    });
    connection.on('data', (data) => {
      const listener = this._listeners.get(connection);
      const message = parseControl(data);
      if (!listener || !message) return;
      if (message.type === 'hello') this._call(listener);
      if (message.type === 'stats') {
        const { latencyMs, bitrateKbps, lossPercent, path } = message;
        listener.figures = { latencyMs, bitrateKbps, lossPercent, path };
        this._announce();
      }
    });
    connection.on('close', () => {
      this._listeners.get(connection)?.call?.close();
      if (this._listeners.delete(connection)) this._announce();
    });
    connection.on('error', () => connection.close());
  }

  private _call(listener: Listener): void {
    // A second hello means the phone lost the call (calls do not survive ICE failure);
    // a new mode also means a new call. The old one is closed once the new one is
    // up: closed first, the phone could hear of it before the new offer and give up.
    const previous = listener.call;
    const settings = MODES[this._mode];
    const metadata = callMetadata(this._mode);
    const call = this._peer.call(listener.peerId, this._source.stream, { metadata });
    listener.call = call;
    if (this._mode === 'ultra') void this._feedUltra(call);

    const connection = call.peerConnection;
    const onState = (): void => {
      if (connection.connectionState !== 'connected') return;
      connection.removeEventListener('connectionstatechange', onState);
      previous?.close();
      void capBitrate(connection, settings.opus.maxAverageBitrate);
    };
    connection.addEventListener('connectionstatechange', onState);
    call.on('close', () => {
      connection.removeEventListener('connectionstatechange', onState);
      // A new call that never came up still replaced the old one.
      previous?.close();
      if (listener.call === call) delete listener.call;
    });
    call.on('error', () => call.close());
  }

  /** The ultra path rides on the call's own connection, beside its Opus stream. */
  private async _feedUltra(call: MediaConnection): Promise<void> {
    this._tap ??= UltraTap.start(this._source.stream).catch(() => {
      this._events.onNotice('Ultra-low latency is not possible in this browser: phones get '
        + 'the low-latency stream instead.');
      return null;
    });
    const tap = await this._tap;
    if (tap && !this._stopped && call.peerConnection.signalingState !== 'closed') {
      tap.attach(call.peerConnection);
    }
  }

  private _stopTap(): void {
    const tap = this._tap;
    this._tap = null;
    void tap?.then((each) => each?.stop());
  }

  private _onPeerError(error: PeerError<string>): void {
    if (this._stopped) return;
    // A phone that left between hello and call: its closed connection already says so.
    if (error.type === 'peer-unavailable') return;
    const lost = ['network', 'socket-error', 'socket-closed', 'server-error'];
    this._events.onNotice(lost.includes(error.type) ? BROKER_LOST : describePeerError(error));
  }

  private _sayEnd(): void {
    for (const { connection } of this._listeners.values()) {
      // A connection that is already closing cannot send; that phone learns of the end
      // from the close itself.
      try {
        const sent = connection.send(end());
        if (sent) sent.catch(() => {});
      } catch {}
    }
  }

  private _close(): void {
    this._keeper.stop();
    this._stopTap();
    for (const { connection, call } of this._listeners.values()) {
      call?.close();
      connection.close();
    }
    this._listeners.clear();
    this._peer.destroy();
    this._announce();
  }

  private _announce(): void {
    const infos = [...this._listeners.values()].map(({ peerId, name, figures }) =>
      (figures ? { peerId, name, figures } : { peerId, name }));
    this._events.onListeners(infos);
  }

  private readonly _onTrackEnded = (): void => {
    void this.stop('Sharing was stopped in the browser.');
  };

  private _watchSource(): void {
    for (const track of this._source.stream.getAudioTracks()) {
      track.addEventListener('ended', this._onTrackEnded);
    }
  }

  private _unwatchSource(): void {
    for (const track of this._source.stream.getAudioTracks()) {
      track.removeEventListener('ended', this._onTrackEnded);
    }
  }
}

/**
 * The answer sets the encoder's target; this caps what the sender may spend as well,
 * so a listener's answer cannot make the laptop send more than the mode allows.
 */
async function capBitrate(connection: RTCPeerConnection, bitsPerSecond: number): Promise<void> {
  for (const sender of connection.getSenders()) {
    if (sender.track?.kind !== 'audio') continue;
    const parameters = sender.getParameters();
    const [encoding] = parameters.encodings;
    if (!encoding) continue;
    encoding.maxBitrate = bitsPerSecond;
    // A connection closing meanwhile refuses; there is nothing left to cap then.
    await sender.setParameters(parameters).catch(() => {});
  }
}
