import { isRecord } from '../validate.ts';
import { ifTakesChannels, openUltraChannel } from './channel.ts';
import type { FrameFormat } from './frame.ts';
import { FrameReader } from './frame-reader.ts';
import playbackUrl from './playback.worklet.ts?worker&url';

export interface UltraFigures {
  /** The least the buffer held lately, just after a read: its spare. */
  lowMs: number;
  targetMs: number;
  /** Frames taken into the buffer so far. */
  received: number;
  underruns: number;
  concealed: number;
  late: number;
  /** What the laptop sends: PCM, or Opus while the path is relayed (null before a frame). */
  format: FrameFormat | null;
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
/**
 * This many underruns within the window: the path is too unsteady. The buffer lets
 * the first of a run pass and grows at each after it (see JitterSettings.growth),
 * so it has grown three times before the player gives up.
 */
const UNDERRUN_LIMIT = 5;
const UNDERRUN_WINDOW_MS = 5_000;
/** How long the path must stay good before sound moves back to it. */
const RECOVER_MS = 10_000;
/** At the start, a moment of steady frames is proof enough. */
const FIRST_MS = 500;
const CHECK_MS = 250;

/**
 * The phone's side of the ultra-low-latency path: frames from the data channel
 * go to the playback worklet, whose output becomes a media stream for the same
 * <audio> element the other modes use. A worker of its own receives them where
 * the browser can hand it the channel (see receiver.worker.ts); elsewhere the page
 * does. It watches its own health: frames stopping, underruns piling up, or the
 * platform suspending audio (a locked phone) make it unhealthy; a calm spell
 * makes it healthy again. It keeps listening meanwhile, so coming back needs no
 * renegotiation.
 */
export class UltraPlayer {
  readonly stream: MediaStream;
  private _lastFrameAt = performance.now();
  private _received = 0;
  private _channelOpen = false;
  private _format: FrameFormat | null = null;
  /** Where the page itself receives the frames. */
  private _reader: FrameReader | null = null;
  /** The worker that receives frames, or null where the page itself does. */
  private readonly _receiver: Worker | null;
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
    const worker = await receivingWorker();
    // The channel goes to the worker in the task that creates it, as a transfer requires.
    const channel = openUltraChannel(connection);
    return new UltraPlayer(context, node, output.stream, channel, worker, events);
  }

  private constructor(private readonly _context: AudioContext, private readonly _node: AudioWorkletNode,
    stream: MediaStream, private readonly _channel: RTCDataChannel, worker: Worker | null,
    private readonly _events: UltraPlayerEvents) {
    this.stream = stream;
    this._receiver = worker && handOver(worker, _channel, _node, (open) => {
      this._channelOpen = open;
    }, (format) => {
      this._format = format;
    });
    if (!this._receiver) {
      const reader = new FrameReader(
        (frame) => _node.port.postMessage(frame, frame.channels.map((channel) => channel.buffer)),
        (format) => {
          this._format = format;
        },
      );
      this._reader = reader;
      const onState = () => {
        this._channelOpen = _channel.readyState === 'open';
      };
      _channel.addEventListener('open', onState);
      _channel.addEventListener('close', onState);
      _channel.addEventListener('message', (event: MessageEvent<unknown>) => {
        reader.read(event.data);
      });
    }
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
    if (this._receiver) this._receiver.postMessage('stop');
    else this._channel.close();
    this._reader?.close();
    this._node.port.onmessage = null;
    void this._context.close();
  }

  /** Back from the background: audio the platform suspended may run again. */
  private readonly _onVisible = (): void => {
    if (document.visibilityState === 'visible') void this._context.resume().catch(() => {});
  };

  private _onFigures(data: unknown): void {
    const figures = readFigures(data, this._format);
    if (!figures) return;
    this._events.onFigures(figures);
    const now = performance.now();
    if (figures.received > this._received) this._lastFrameAt = now;
    this._received = figures.received;
    for (let i = this._seenUnderruns; i < figures.underruns; i++) this._underruns.push(now);
    this._seenUnderruns = figures.underruns;
  }

  private _check(): void {
    const now = performance.now();
    this._underruns = this._underruns.filter((at) => now - at < UNDERRUN_WINDOW_MS);
    const problem = !this._channelOpen ? 'the data path is closed'
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

/** The receiving worker, once it says it can take a channel; else null. */
async function receivingWorker(): Promise<Worker | null> {
  if (typeof Worker === 'undefined') return null;
  return ifTakesChannels(
    new Worker(new URL('./receiver.worker.ts', import.meta.url), { type: 'module' }));
}

/**
 * Hands the channel to the worker, which passes its frames straight to the
 * playback worklet; answers the worker, or null if the channel would not go.
 */
function handOver(worker: Worker, channel: RTCDataChannel, node: AudioWorkletNode,
  onOpen: (open: boolean) => void, onFormat: (format: FrameFormat) => void): Worker | null {
  const { port1, port2 } = new MessageChannel();
  try {
    worker.postMessage({ channel, frames: port1 }, [channel, port1]);
  } catch {
    worker.terminate();
    return null;
  }
  node.port.postMessage({ frames: port2 }, [port2]);
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (!isRecord(event.data)) return;
    const { open, format } = event.data;
    if (typeof open === 'boolean') onOpen(open);
    if (format === 'pcm16' || format === 'opus') onFormat(format);
  };
  return worker;
}

function readFigures(data: unknown, format: FrameFormat | null): UltraFigures | null {
  if (!isRecord(data)) return null;
  const { lowMs, targetMs, received, underruns, concealed, late } = data;
  if (typeof lowMs !== 'number' || typeof targetMs !== 'number' || typeof received !== 'number'
    || typeof underruns !== 'number' || typeof concealed !== 'number'
    || typeof late !== 'number') return null;
  return { lowMs, targetMs, received, underruns, concealed, late, format };
}
