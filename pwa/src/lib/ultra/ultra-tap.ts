import { openUltraChannel } from './channel.ts';
import { encodePcmFrame } from './frame.ts';
import tapUrl from './tap.worklet.ts?worker&url';

/** Past this much waiting to be sent the path is congested: drop frames, do not queue them. */
const MAX_BUFFERED_BYTES = 32 * 1024;

/**
 * The laptop's side of the ultra-low-latency path: taps the source on the audio
 * thread and sends each 128-sample quantum as one 16-bit PCM frame (2.7 ms at
 * 48 kHz) to every listener's channel.
 */
export class UltraTap {
  private readonly _channels = new Set<RTCDataChannel>();
  private _source: MediaStreamAudioSourceNode;
  private _sequence = 0;
  private _timestamp = 0;

  static async start(stream: MediaStream): Promise<UltraTap> {
    const context = new AudioContext({ latencyHint: 'interactive', sampleRate: 48_000 });
    await context.audioWorklet.addModule(tapUrl);
    const node = new AudioWorkletNode(context, 'sono-tap', { numberOfOutputs: 1 });
    // A node is only run when the graph pulls it: a silent path to the speakers does.
    node.connect(new GainNode(context, { gain: 0 })).connect(context.destination);
    await context.resume();
    return new UltraTap(context, node, stream);
  }

  private constructor(private readonly _context: AudioContext, private readonly _node: AudioWorkletNode,
    stream: MediaStream) {
    this._source = this._connect(stream);
    _node.port.onmessage = (event: MessageEvent<Float32Array[]>) => this._send(event.data);
  }

  /** Starts sending to the listener at the other end of `connection`. */
  attach(connection: RTCPeerConnection): RTCDataChannel {
    const channel = openUltraChannel(connection);
    this._channels.add(channel);
    channel.addEventListener('close', () => this._channels.delete(channel));
    return channel;
  }

  replaceStream(stream: MediaStream): void {
    this._source.disconnect();
    this._source = this._connect(stream);
  }

  stop(): void {
    for (const channel of this._channels) channel.close();
    this._channels.clear();
    this._source.disconnect();
    this._node.port.onmessage = null;
    void this._context.close();
  }

  private _connect(stream: MediaStream): MediaStreamAudioSourceNode {
    const source = this._context.createMediaStreamSource(stream);
    source.connect(this._node);
    return source;
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
