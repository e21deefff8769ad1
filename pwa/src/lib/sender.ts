/**
 * The laptop's side of a stream: one session, one broker peer, and a call to each
 * listener of that session that says hello. Owns the source from start() on and
 * stops it when the stream ends.
 */
import type { DataConnection, MediaConnection, Peer, PeerError } from 'peerjs';
import { createSession, endSession, type StartedSession } from './api.ts';
import { createPeer, describePeerError, whenOpen } from './broker.ts';
import { end, parseControl } from './control.ts';
import type { Source } from './sources.ts';

export interface ListenerInfo {
  peerId: string;
  name: string;
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
  'Lost the connection to the Sono server. Phones already listening keep playing; ' +
  'new ones cannot join.';

export class Sender {
  readonly code: string;
  readonly endsAt: Date;
  /** When the next free session may start; null on a plan without limits. */
  readonly cooldownEndsAt: Date | null;

  private readonly _session: StartedSession;
  private readonly _peer: Peer;
  private readonly _events: SenderEvents;
  private _source: Source;
  private readonly _listeners = new Map<DataConnection, Listener>();
  private _joinedCount = 0;
  private _endTimer?: ReturnType<typeof setTimeout>;
  private _stopped = false;

  /** Opens a session and waits until the broker has accepted this laptop. */
  static async start(source: Source, events: SenderEvents): Promise<Sender> {
    const session = await createSession();
    const peer = createPeer(session.peer, session.iceServers);
    try {
      await whenOpen(peer);
    } catch (error) {
      peer.destroy();
      endSession(session.session.id, session.peer.ticket).catch(() => {});
      throw error;
    }
    return new Sender(session, peer, source, events);
  }

  private constructor(session: StartedSession, peer: Peer, source: Source, events: SenderEvents) {
    this._session = session;
    this._peer = peer;
    this._source = source;
    this._events = events;
    this.code = session.session.code;
    this.endsAt = session.session.endsAt;
    this.cooldownEndsAt = session.session.cooldownEndsAt;

    peer.on('connection', (connection) => this._onConnection(connection));
    peer.on('call', (call) => call.close());
    peer.on('error', (error) => this._onPeerError(error));
    this._watchSource();

    const untilEnd = this.endsAt.getTime() - Date.now();
    if (untilEnd < MAX_TIMER_MS) {
      this._endTimer = setTimeout(() => void this.stop('The session time is up.'), untilEnd);
    }
  }

  get source(): Source {
    return this._source;
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

  /** For a page that is going away: no waiting, the request outlives the page. */
  abandon(): void {
    if (this._stopped) return;
    this._stopped = true;
    clearTimeout(this._endTimer);
    this._unwatchSource();

    this._sayEnd();
    this._source.stop();
    const { session, peer } = this._session;
    endSession(session.id, peer.ticket, { keepalive: true }).catch(() => {});
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
      if (listener && parseControl(data)?.type === 'hello') this._call(listener);
    });
    connection.on('close', () => {
      this._listeners.get(connection)?.call?.close();
      if (this._listeners.delete(connection)) this._announce();
    });
    connection.on('error', () => connection.close());
  }

  private _call(listener: Listener): void {
    // A second hello means the phone lost the call (calls do not survive ICE failure).
    listener.call?.close();
    const call = this._peer.call(listener.peerId, this._source.stream);
    listener.call = call;
    call.on('close', () => {
      if (listener.call === call) delete listener.call;
    });
    call.on('error', () => call.close());
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
    for (const { connection, call } of this._listeners.values()) {
      call?.close();
      connection.close();
    }
    this._listeners.clear();
    this._peer.destroy();
    this._announce();
  }

  private _announce(): void {
    const infos = [...this._listeners.values()].map(({ peerId, name }) => ({ peerId, name }));
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
