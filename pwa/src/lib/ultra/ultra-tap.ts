import { Blocks } from './blocks.ts';
import { openUltraChannel } from './channel.ts';
import { encodePcmFrame } from './frame.ts';
import tapUrl from './tap.worklet.ts?worker&url';

/** Past this much waiting to be sent the path is congested: drop frames, do not queue them. */
const MAX_BUFFERED_BYTES = 32 * 1024;
/** The listener plays at this rate; the tap sends at it. */
const SAMPLE_RATE = 48_000;
/**
 * A frame carries 5 ms: two to each 10 ms block Chromium captures, so a frame
 * read from the track waits for nothing, and smaller frames sent at once would
 * arrive no sooner. Both ways of taking the sound send this one length, so the
 * phone's buffer carries on unchanged when the laptop switches between them.
 */
const FRAME_SAMPLES = 240;

/** Where the tap's sound comes from: something that hands over blocks of samples as they come. */
interface Feed {
  replaceStream(stream: MediaStream): void;
  stop(): void;
}

type OnBlock = (channels: Float32Array[]) => void;

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
  private readonly _channels = new Set<RTCDataChannel>();
  private _sequence = 0;
  private _timestamp = 0;
  private _feed: Feed | null = null;
  private _stopped = false;
  private readonly _blocks = new Blocks(FRAME_SAMPLES, 2, (channels) => this._send(channels));

  static async start(stream: MediaStream): Promise<UltraTap> {
    const tap = new UltraTap();
    tap._feed = await tap._feedFor(stream);
    return tap;
  }

  private constructor() {}

  /** Starts sending to the listener at the other end of `connection`. */
  attach(connection: RTCPeerConnection): RTCDataChannel {
    const channel = openUltraChannel(connection);
    this._channels.add(channel);
    channel.addEventListener('close', () => this._channels.delete(channel));
    return channel;
  }

  /** A new source: read the same way if it can be, else the other way. */
  async replaceStream(stream: MediaStream): Promise<void> {
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
    for (const channel of this._channels) channel.close();
    this._channels.clear();
    this._feed?.stop();
  }

  private async _feedFor(stream: MediaStream): Promise<Feed> {
    const onBlock: OnBlock = (channels) => this._blocks.push(channels);
    if (!TrackFeed.canRead(stream)) return WorkletFeed.start(stream, onBlock);
    const feed: TrackFeed = new TrackFeed(stream, onBlock, () => void this._tapInstead(feed, stream));
    return feed;
  }

  /** The track turned out not to be at 48 kHz: the worklet, whose context resamples, takes over. */
  private async _tapInstead(feed: TrackFeed, stream: MediaStream): Promise<void> {
    if (this._feed !== feed) return;
    feed.stop();
    this._feed = null;
    const next = await WorkletFeed.start(stream, (channels) => this._blocks.push(channels)).catch(() => null);
    if (this._stopped) next?.stop();
    else this._feed = next;
  }

  private _send(channels: Float32Array[]): void {
    const frame = encodePcmFrame(this._sequence, this._timestamp, channels);
    this._sequence = (this._sequence + 1) >>> 0;
    this._timestamp = (this._timestamp + (channels[0]?.length ?? 0)) >>> 0;
    for (const channel of this._channels) {
      if (channel.readyState === 'open' && channel.bufferedAmount < MAX_BUFFERED_BYTES) channel.send(frame);
    }
  }
}

/** What the page sees of MediaStreamTrackProcessor and AudioData, which TypeScript's DOM library lacks. */
interface TrackProcessorConstructor {
  new (init: { track: MediaStreamTrack }): { readable: ReadableStream<AudioChunk> };
}
interface AudioChunk {
  readonly sampleRate: number;
  readonly numberOfFrames: number;
  readonly numberOfChannels: number;
  copyTo(destination: Float32Array, options: { planeIndex: number; format: 'f32-planar' }): void;
  close(): void;
}

/** Reads the track's own blocks (10 ms each in Chromium) as the capture delivers them. */
class TrackFeed implements Feed {
  private _reader: ReadableStreamDefaultReader<AudioChunk> | null = null;
  /** The reader's own copy of the source track, stopped with it. */
  private _track: MediaStreamTrack | null = null;

  static canRead(stream: MediaStream): boolean {
    const rate = stream.getAudioTracks()[0]?.getSettings().sampleRate;
    return 'MediaStreamTrackProcessor' in window && (rate === undefined || rate === SAMPLE_RATE);
  }

  /** `onOtherRate` is told, once, when the track delivers at another rate than 48 kHz. */
  constructor(stream: MediaStream, private readonly _onBlock: OnBlock,
    private readonly _onOtherRate: () => void) {
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
    const reader = new Processor({ track: this._track }).readable.getReader();
    this._reader = reader;
    void this._read(reader);
  }

  stop(): void {
    void this._reader?.cancel().catch(() => {});
    this._reader = null;
    this._track?.stop();
    this._track = null;
  }

  private async _read(reader: ReadableStreamDefaultReader<AudioChunk>): Promise<void> {
    for (;;) {
      const { value: chunk, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !chunk) return;
      if (reader !== this._reader) {
        chunk.close();
        return;
      }
      if (chunk.sampleRate !== SAMPLE_RATE) {
        chunk.close();
        this._onOtherRate();
        return;
      }
      const planes = Array.from({ length: Math.min(2, chunk.numberOfChannels) }, (_, index) => {
        const plane = new Float32Array(chunk.numberOfFrames);
        chunk.copyTo(plane, { planeIndex: index, format: 'f32-planar' });
        return plane;
      });
      chunk.close();
      const [left] = planes;
      // A mono source goes out as two equal channels, so the listener's format never changes.
      if (left) this._onBlock([left, planes[1] ?? left]);
    }
  }
}

/** Taps the source inside an AudioContext, one render quantum at a time. */
class WorkletFeed implements Feed {
  private _source: MediaStreamAudioSourceNode;

  static async start(stream: MediaStream, onBlock: OnBlock): Promise<WorkletFeed> {
    const context = new AudioContext({ latencyHint: 0, sampleRate: SAMPLE_RATE });
    await context.audioWorklet.addModule(tapUrl);
    const node = new AudioWorkletNode(context, 'sono-tap', { numberOfOutputs: 1 });
    // A node is only run when the graph pulls it: a silent path to the speakers does.
    node.connect(new GainNode(context, { gain: 0 })).connect(context.destination);
    await context.resume();
    return new WorkletFeed(context, node, stream, onBlock);
  }

  private constructor(private readonly _context: AudioContext, private readonly _node: AudioWorkletNode,
    stream: MediaStream, onBlock: OnBlock) {
    this._source = this._connect(stream);
    _node.port.onmessage = (event: MessageEvent<Float32Array[]>) => onBlock(event.data);
  }

  replaceStream(stream: MediaStream): void {
    this._source.disconnect();
    this._source = this._connect(stream);
  }

  stop(): void {
    this._source.disconnect();
    this._node.port.onmessage = null;
    void this._context.close();
  }

  private _connect(stream: MediaStream): MediaStreamAudioSourceNode {
    const source = this._context.createMediaStreamSource(stream);
    source.connect(this._node);
    return source;
  }
}
