import { isRecord } from '../validate.ts';
import { openUltraChannel } from './channel.ts';
import { decodeFrame } from './frame.ts';
import playbackUrl from './playback.worklet.ts?worker&url';

export interface UltraFigures {
  fillMs: number;
  targetMs: number;
  underruns: number;
  concealed: number;
  late: number;
}

export interface UltraPlayerEvents {
  onFigures(figures: UltraFigures): void;
  /** The path is not good enough now; the caller goes back to the media path. */
  onFallback(reason: string): void;
}

/** No frame for this long: the data path has stalled. */
const STALL_MS = 500;
/** This many underruns within the window: the path is too unsteady. */
const UNDERRUN_LIMIT = 4;
const UNDERRUN_WINDOW_MS = 5_000;

/**
 * The phone's side of the ultra-low-latency path: frames from the data channel
 * go to the playback worklet, whose output becomes a media stream for the same
 * <audio> element the other modes use. It watches its own health and asks to
 * fall back when frames stop, underruns pile up, or the platform suspends audio
 * (a locked phone).
 */
export class UltraPlayer {
  readonly stream: MediaStream;
  private readonly _channel: RTCDataChannel;
  private _lastFrameAt = performance.now();
  private _underruns: number[] = [];
  private _seenUnderruns = 0;
  private _watch: ReturnType<typeof setInterval>;
  private _stopped = false;

  static async start(connection: RTCPeerConnection, events: UltraPlayerEvents): Promise<UltraPlayer> {
    const context = new AudioContext({ latencyHint: 'interactive', sampleRate: 48_000 });
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
    stream: MediaStream, channel: RTCDataChannel, private readonly _events: UltraPlayerEvents) {
    this.stream = stream;
    this._channel = channel;
    channel.addEventListener('message', (event: MessageEvent<unknown>) => this._onFrame(event.data));
    channel.addEventListener('close', () => this._fallBack('the data path closed'));
    _node.port.onmessage = (event: MessageEvent<unknown>) => this._onFigures(event.data);
    _context.addEventListener('statechange', () => {
      if (_context.state !== 'running') this._fallBack('audio was suspended');
    });
    this._watch = setInterval(() => {
      if (performance.now() - this._lastFrameAt > STALL_MS) this._fallBack('frames stopped arriving');
    }, STALL_MS / 2);
  }

  stop(): void {
    if (this._stopped) return;
    this._stopped = true;
    clearInterval(this._watch);
    this._channel.close();
    this._node.port.onmessage = null;
    void this._context.close();
  }

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
    this._underruns = this._underruns.filter((at) => now - at < UNDERRUN_WINDOW_MS);
    if (this._underruns.length >= UNDERRUN_LIMIT) this._fallBack('the network is not steady enough');
  }

  private _fallBack(reason: string): void {
    if (this._stopped) return;
    this.stop();
    this._events.onFallback(reason);
  }
}

function readFigures(data: unknown): UltraFigures | null {
  if (!isRecord(data)) return null;
  const { fillMs, targetMs, underruns, concealed, late } = data;
  if (typeof fillMs !== 'number' || typeof targetMs !== 'number' || typeof underruns !== 'number'
    || typeof concealed !== 'number' || typeof late !== 'number') return null;
  return { fillMs, targetMs, underruns, concealed, late };
}
