/**
 * Opus for the ultra-low-latency path, through WebCodecs, where raw PCM (about
 * 1.5 Mbit/s) is too much for the path: 5 ms packets of about 160 bytes (about
 * 256 kbit/s). The encoder runs in low-delay mode (no speech layer, the shortest
 * look-ahead, 2.5 ms); the phone's buffer conceals a lost packet as it does a lost
 * PCM frame. Used where the frames are sent and received: in the workers, or on
 * the pages.
 */
import { encodeOpusFrame, unwrap, type OpusFrame, type PcmFrame } from './frame.ts';

const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const BITRATE = 256_000;
const FRAME_MICROSECONDS = 5_000;

/** WebCodecs' Opus options as far as they are used here (TypeScript's DOM library lacks some). */
export interface OpusConfig extends AudioEncoderConfig {
  opus: { frameDuration: number; application?: 'lowdelay' };
}

const LOW_DELAY: OpusConfig = {
  codec: 'opus', sampleRate: SAMPLE_RATE, numberOfChannels: CHANNELS, bitrate: BITRATE,
  opus: { frameDuration: FRAME_MICROSECONDS, application: 'lowdelay' },
};

/** The encoder settings this browser takes (low delay if it can), or null without Opus. */
export async function opusEncoderConfig(): Promise<OpusConfig | null> {
  if (typeof AudioEncoder === 'undefined') return null;
  const plain: OpusConfig = { ...LOW_DELAY, opus: { frameDuration: FRAME_MICROSECONDS } };
  for (const config of [LOW_DELAY, plain]) {
    const support = await AudioEncoder.isConfigSupported(config).catch(() => null);
    if (support?.supported) return config;
  }
  return null;
}

const toMicroseconds = (samples: number) => Math.round((samples * 1e6) / SAMPLE_RATE);
const toSamples = (microseconds: number) => Math.round((microseconds * SAMPLE_RATE) / 1e6);

/**
 * Turns 5 ms of stereo sound at a time into Opus frames for the data channel, in
 * order; `onFrame` gets each encoded frame as it comes out.
 */
export class OpusFrameEncoder {
  private _sequence = 0;
  private _failed = false;
  private readonly _encoder: AudioEncoder;

  /** `config` from opusEncoderConfig(). */
  constructor(config: OpusConfig, private readonly _onFrame: (frame: ArrayBuffer) => void) {
    this._encoder = new AudioEncoder({
      output: (chunk) => this._output(chunk),
      error: () => {
        this._failed = true;
      },
    });
    this._encoder.configure(config);
  }

  /** False once the encoder has failed: the caller goes back to PCM. */
  get working(): boolean {
    return !this._failed && this._encoder.state === 'configured';
  }

  /** `timestamp` counts samples from the start of the stream, not wrapped. */
  push(channels: Float32Array[], timestamp: number): void {
    if (!this.working) return;
    const length = channels[0]?.length ?? 0;
    const data = new Float32Array(length * CHANNELS);
    for (let c = 0; c < CHANNELS; c++) data.set(channels[c] ?? channels[0] ?? [], c * length);
    const audio = new AudioData({
      format: 'f32-planar', sampleRate: SAMPLE_RATE, numberOfFrames: length,
      numberOfChannels: CHANNELS, timestamp: toMicroseconds(timestamp), data,
    });
    this._encoder.encode(audio);
    audio.close();
  }

  close(): void {
    if (this._encoder.state !== 'closed') this._encoder.close();
  }

  private _output(chunk: EncodedAudioChunk): void {
    const packet = new Uint8Array(chunk.byteLength);
    chunk.copyTo(packet);
    const timestamp = toSamples(chunk.timestamp) >>> 0;
    this._onFrame(encodeOpusFrame(this._sequence, timestamp, CHANNELS, packet));
    this._sequence = (this._sequence + 1) >>> 0;
  }
}

/**
 * Turns Opus frames from the data channel back into sound for the playback
 * worklet, as the same frames of samples the PCM path gives it, each stamped where
 * its sound belongs in the stream.
 */
export class OpusFrameDecoder {
  private readonly _decoder: AudioDecoder;
  private _reference = 0;
  private _sequence = 0;

  constructor(private readonly _onFrame: (frame: PcmFrame) => void) {
    this._decoder = new AudioDecoder({
      output: (audio) => this._output(audio),
      error: () => {},
    });
    this._decoder.configure({ codec: 'opus', sampleRate: SAMPLE_RATE, numberOfChannels: CHANNELS });
  }

  /** False once the decoder has failed (a packet it could not take closes it): make a new one. */
  get working(): boolean {
    return this._decoder.state === 'configured';
  }

  push(frame: OpusFrame): void {
    if (!this.working || frame.channelCount !== CHANNELS) return;
    this._reference = unwrap(frame.timestamp, this._reference);
    try {
      this._decoder.decode(new EncodedAudioChunk({
        type: 'key', timestamp: toMicroseconds(this._reference), data: frame.packet,
      }));
    } catch {
      // A packet the decoder refuses is a lost frame: the buffer conceals it.
    }
  }

  close(): void {
    if (this._decoder.state !== 'closed') this._decoder.close();
  }

  private _output(audio: AudioData): void {
    const channels = Array.from({ length: CHANNELS }, (_, index) => {
      const plane = new Float32Array(audio.numberOfFrames);
      const planeIndex = Math.min(index, audio.numberOfChannels - 1);
      audio.copyTo(plane, { planeIndex, format: 'f32-planar' });
      return plane;
    });
    const timestamp = toSamples(audio.timestamp) >>> 0;
    audio.close();
    this._onFrame({ format: 'pcm16', sequence: this._sequence, timestamp, channels });
    this._sequence = (this._sequence + 1) >>> 0;
  }
}
