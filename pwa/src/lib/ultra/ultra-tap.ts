import { pollPath } from '../figures-poller.ts';
import { ifTakesChannels, openUltraChannel } from './channel.ts';
import type { FrameFormat } from './frame.ts';
import { FrameSender } from './frame-sender.ts';
import tapUrl from './tap.worklet.ts?worker&url';
import {
  TRACK_SAMPLE_RATE, type AudioChunk, type TrackProcessorConstructor,
} from './track-blocks.ts';

/** Where the tap's sound comes from: something that hands over blocks of samples as they come. */
interface Feed {
  replaceStream(stream: MediaStream): void;
  stop(): void;
}

/**
 * Where the sound goes to be framed and sent: a worker of its own where the browser
 * can hand it the listeners' channels (see sender.worker.ts), else a FrameSender
 * on the page.
 */
interface Sink {
  /** Told, once a reading, when a track turns out not to be at 48 kHz. */
  onOtherRate: () => void;
  /** A listener's channel, in the task that created it, and the id it goes by. */
  add(id: number, channel: RTCDataChannel): void;
  /** What that listener gets from now on. */
  setFormat(id: number, format: FrameFormat): void;
  /** A track's blocks, from now on instead of what came before. */
  read(readable: ReadableStream<AudioChunk>): void;
  /** A port on which the tap worklet posts render quanta, from now on instead. */
  takeQuanta(port: MessagePort): void;
  close(): void;
}

/**
 * The laptop's side of the ultra-low-latency path: takes the source's sound as
 * soon as it is captured and sends it as 16-bit PCM frames to every listener's
 * channel. Where the browser can read a track's audio directly
 * (MediaStreamTrackProcessor) and the track is at 48 kHz, it does, block by
 * block as the capture delivers them; elsewhere an AudioWorklet taps the source
 * one render quantum (128 samples, 2.7 ms) at a time. Either way the sound is cut
 * into 5 ms frames. Chromium hands a stream to an AudioContext through a buffer
 * that grows by a quantum at every hiccup and never shrinks (10-30 ms on the test
 * machine), so the direct read is the shorter way there.
 */
export class UltraTap {
  private _feed: Feed | null = null;
  private _stopped = false;
  private _nextId = 0;
  /** Stops watching each listener's path. */
  private readonly _stopWatching: (() => void)[] = [];

  static async start(stream: MediaStream): Promise<UltraTap> {
    // Where the browser cannot hand channels to a worker, the page frames and sends.
    const sink: Sink = (await WorkerSink.start()) ?? new FrameSender();
    const tap = new UltraTap(sink, stream);
    sink.onOtherRate = () => void tap._tapInstead();
    tap._feed = await tap._feedFor(stream);
    return tap;
  }

  private constructor(private readonly _sink: Sink, private _stream: MediaStream) {}

  /**
   * Starts sending to the listener at the other end of `connection`: PCM while the
   * path is direct, Opus while it is relayed (through a TURN server, so across
   * networks, where 1.5 Mbit/s each way is often more than the path has).
   */
  attach(connection: RTCPeerConnection): void {
    const id = this._nextId++;
    this._sink.add(id, openUltraChannel(connection));
    let format: FrameFormat = 'pcm16';
    const stop = pollPath(connection, (path) => {
      const wanted: FrameFormat = path === 'relayed' ? 'opus' : 'pcm16';
      if (wanted === format) return;
      format = wanted;
      this._sink.setFormat(id, format);
    });
    this._stopWatching.push(stop);
  }

  /** A new source: read the same way if it can be, else the other way. */
  async replaceStream(stream: MediaStream): Promise<void> {
    this._stream = stream;
    const feed = this._feed;
    if (feed && feed instanceof TrackFeed === TrackFeed.canRead(stream)) {
      feed.replaceStream(stream);
      return;
    }
    feed?.stop();
    this._feed = null;
    // Should the new way fail, frames stop and phones fall back to the call's own sound.
    const next = await this._feedFor(stream).catch(() => null);
    if (this._stopped) next?.stop();
    else this._feed = next;
  }

  stop(): void {
    this._stopped = true;
    for (const stop of this._stopWatching) stop();
    this._feed?.stop();
    this._sink.close();
  }

  private async _feedFor(stream: MediaStream): Promise<Feed> {
    if (!TrackFeed.canRead(stream)) return WorkletFeed.start(stream, this._sink);
    return new TrackFeed(stream, this._sink);
  }

  /** The track turned out not to be at 48 kHz: the worklet, whose context resamples, takes over. */
  private async _tapInstead(): Promise<void> {
    const feed = this._feed;
    if (!(feed instanceof TrackFeed)) return;
    feed.stop();
    this._feed = null;
    const next = await WorkletFeed.start(this._stream, this._sink).catch(() => null);
    if (this._stopped) next?.stop();
    else this._feed = next;
  }
}

/** Frames are cut and sent in a worker of their own, off the page's main thread. */
class WorkerSink implements Sink {
  onOtherRate = () => {};

  /** The worker, once it says it can take channels; else null. */
  static async start(): Promise<WorkerSink | null> {
    if (typeof Worker === 'undefined') return null;
    const worker = await ifTakesChannels(
      new Worker(new URL('./sender.worker.ts', import.meta.url), { type: 'module' }));
    return worker && new WorkerSink(worker);
  }

  private constructor(private readonly _worker: Worker) {
    _worker.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data === 'other-rate') this.onOtherRate();
    };
  }

  setFormat(id: number, format: FrameFormat): void {
    this._worker.postMessage({ id, format });
  }

  add(id: number, channel: RTCDataChannel): void {
    try {
      this._worker.postMessage({ id, channel }, [channel]);
    } catch {
      // Not transferable after all: the phone finds the path closed and keeps the call's sound.
      channel.close();
    }
  }

  read(readable: ReadableStream<AudioChunk>): void {
    this._worker.postMessage({ readable }, [readable]);
  }

  takeQuanta(port: MessagePort): void {
    this._worker.postMessage({ quanta: port }, [port]);
  }

  close(): void {
    this._worker.postMessage('stop');
  }
}

/** Reads the track's own blocks (10 ms each in Chromium) as the capture delivers them. */
class TrackFeed implements Feed {
  /** The reader's own copy of the source track, stopped with it. */
  private _track: MediaStreamTrack | null = null;

  static canRead(stream: MediaStream): boolean {
    const rate = stream.getAudioTracks()[0]?.getSettings().sampleRate;
    return 'MediaStreamTrackProcessor' in window && (rate === undefined || rate === TRACK_SAMPLE_RATE);
  }

  constructor(stream: MediaStream, private readonly _sink: Sink) {
    this.replaceStream(stream);
  }

  replaceStream(stream: MediaStream): void {
    this.stop();
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    const Processor = (window as unknown as { MediaStreamTrackProcessor: TrackProcessorConstructor })
      .MediaStreamTrackProcessor;
    // A clone, so that stopping this reader leaves the track the call sends alone.
    this._track = track.clone();
    this._sink.read(new Processor({ track: this._track }).readable);
  }

  /** Ends the clone, and with it the stream of its blocks. */
  stop(): void {
    this._track?.stop();
    this._track = null;
  }
}

/** Taps the source inside an AudioContext, one render quantum at a time. */
class WorkletFeed implements Feed {
  private _source: MediaStreamAudioSourceNode;

  static async start(stream: MediaStream, sink: Sink): Promise<WorkletFeed> {
    const context = new AudioContext({ latencyHint: 0, sampleRate: TRACK_SAMPLE_RATE });
    await context.audioWorklet.addModule(tapUrl);
    const node = new AudioWorkletNode(context, 'sono-tap', { numberOfOutputs: 1 });
    // A node is only run when the graph pulls it: a silent path to the speakers does.
    node.connect(new GainNode(context, { gain: 0 })).connect(context.destination);
    const { port1, port2 } = new MessageChannel();
    node.port.postMessage({ quanta: port1 }, [port1]);
    sink.takeQuanta(port2);
    await context.resume();
    return new WorkletFeed(context, stream, node);
  }

  private constructor(private readonly _context: AudioContext, stream: MediaStream,
    private readonly _node: AudioWorkletNode) {
    this._source = this._connect(stream);
  }

  replaceStream(stream: MediaStream): void {
    this._source.disconnect();
    this._source = this._connect(stream);
  }

  stop(): void {
    this._source.disconnect();
    void this._context.close();
  }

  private _connect(stream: MediaStream): MediaStreamAudioSourceNode {
    const source = this._context.createMediaStreamSource(stream);
    source.connect(this._node);
    return source;
  }
}
