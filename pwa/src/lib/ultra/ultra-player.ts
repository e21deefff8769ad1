import { isRecord } from '../validate.ts';
import { openUltraChannel } from './channel.ts';
import { decodeFrame } from './frame.ts';
import playbackUrl from './playback.worklet.ts?worker&url';

export interface UltraFigures {
  /** The least the buffer held lately, just after a read: its spare. */
  lowMs: number;
  targetMs: number;
  underruns: number;
  concealed: number;
  late: number;
}

export interface UltraPlayerEvents {
  onFigures(figures: UltraFigures): void;
  /**
   * Whether the path is good enough to listen to. When it is not, the caller plays
   * the call's own stream; when it is again, this player's.
   */
  onHealth(healthy: boolean, reason: string): void;
}

/** No frame for this long: the data path has stalled. */
const STALL_MS = 500;
/** This many underruns within the window: the path is too unsteady. */
const UNDERRUN_LIMIT = 4;
const UNDERRUN_WINDOW_MS = 5_000;
/** How long the path must stay good before sound moves back to it. */
const RECOVER_MS = 10_000;
/** At the start, a moment of steady frames is proof enough. */
const FIRST_MS = 500;
const CHECK_MS = 250;

/**
 * The phone's side of the ultra-low-latency path: frames from the data channel
 * go to the playback worklet, whose output becomes a media stream for the same
 * <audio> element the other modes use. It watches its own health: frames
 * stopping, underruns piling up, or the platform suspending audio (a locked
 * phone) make it unhealthy; a calm spell makes it healthy again. It keeps
 * listening meanwhile, so coming back needs no renegotiation.
 */
export class UltraPlayer {
  readonly stream: MediaStream;
  private _lastFrameAt = performance.now();
  private _underruns: number[] = [];
  private _seenUnderruns = 0;
  /** Unproven at first: the caller plays the call's stream until frames flow steadily. */
  private _healthy = false;
  private _everHealthy = false;
  private _goodSince = performance.now();
  private readonly _watch: ReturnType<typeof setInterval>;
  private _stopped = false;

  static async start(connection: RTCPeerConnection, events: UltraPlayerEvents): Promise<UltraPlayer> {
    const context = new AudioContext({ latencyHint: 0, sampleRate: 48_000 });
    await context.audioWorklet.addModule(playbackUrl);
    const node = new AudioWorkletNode(context, 'sono-playback', {
      numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2],
    });
    const output = context.createMediaStreamDestination();
    node.connect(output);
    await context.resume();
    return new UltraPlayer(context, node, output.stream, openUltraChannel(connection), events);
  }

  private constructor(private readonly _context: AudioContext, private readonly _node: AudioWorkletNode,
    stream: MediaStream, private readonly _channel: RTCDataChannel,
    private readonly _events: UltraPlayerEvents) {
    this.stream = stream;
    _channel.addEventListener('message', (event: MessageEvent<unknown>) => this._onFrame(event.data));
    _node.port.onmessage = (event: MessageEvent<unknown>) => this._onFigures(event.data);
    this._watch = setInterval(() => this._check(), CHECK_MS);
    document.addEventListener('visibilitychange', this._onVisible);
  }

  get healthy(): boolean {
    return this._healthy;
  }

  stop(): void {
    if (this._stopped) return;
    this._stopped = true;
    clearInterval(this._watch);
    document.removeEventListener('visibilitychange', this._onVisible);
    this._channel.close();
    this._node.port.onmessage = null;
    void this._context.close();
  }

  /** Back from the background: audio the platform suspended may run again. */
  private readonly _onVisible = (): void => {
    if (document.visibilityState === 'visible') void this._context.resume().catch(() => {});
  };

  private _onFrame(data: unknown): void {
    const frame = decodeFrame(data);
    if (frame?.format !== 'pcm16' || frame.channels.length !== 2) return;
    this._lastFrameAt = performance.now();
    this._node.port.postMessage(frame, frame.channels.map((channel) => channel.buffer));
  }

  private _onFigures(data: unknown): void {
    const figures = readFigures(data);
    if (!figures) return;
    this._events.onFigures(figures);
    const now = performance.now();
    for (let i = this._seenUnderruns; i < figures.underruns; i++) this._underruns.push(now);
    this._seenUnderruns = figures.underruns;
  }

  private _check(): void {
    const now = performance.now();
    this._underruns = this._underruns.filter((at) => now - at < UNDERRUN_WINDOW_MS);
    const problem = this._channel.readyState !== 'open' ? 'the data path is closed'
      : this._context.state !== 'running' ? 'audio was suspended'
        : now - this._lastFrameAt > STALL_MS ? 'frames stopped arriving'
          : this._underruns.length >= UNDERRUN_LIMIT ? 'the network is not steady enough'
            : null;
    if (problem !== null) {
      this._goodSince = now;
      if (this._healthy) this._setHealth(false, problem);
    } else if (!this._healthy && now - this._goodSince >= (this._everHealthy ? RECOVER_MS : FIRST_MS)) {
      this._everHealthy = true;
      this._setHealth(true, 'the data path is steady');
    }
  }

  private _setHealth(healthy: boolean, reason: string): void {
    this._healthy = healthy;
    this._events.onHealth(healthy, reason);
  }
}

function readFigures(data: unknown): UltraFigures | null {
  if (!isRecord(data)) return null;
  const { lowMs, targetMs, underruns, concealed, late } = data;
  if (typeof lowMs !== 'number' || typeof targetMs !== 'number' || typeof underruns !== 'number'
    || typeof concealed !== 'number' || typeof late !== 'number') return null;
  return { lowMs, targetMs, underruns, concealed, late };
}
