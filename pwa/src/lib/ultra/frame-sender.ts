import { Blocks } from './blocks.ts';
import { encodePcmFrame, type FrameFormat } from './frame.ts';
import { OpusFrameEncoder, opusEncoderConfig } from './opus-frames.ts';
import { readBlocks, type AudioChunk } from './track-blocks.ts';

/** Past this much waiting to be sent the path is congested: drop frames, do not queue them. */
const MAX_BUFFERED_BYTES = 32 * 1024;
/**
 * A frame carries 5 ms: two to each 10 ms block Chromium captures, so a frame
 * read from the track waits for nothing, and smaller frames sent at once would
 * arrive no sooner. Both ways of taking the sound send this one length, so the
 * phone's buffer carries on unchanged when the laptop switches between them.
 */
const FRAME_SAMPLES = 240;
/**
 * A listener moving to Opus gets PCM as well for this long (a quarter of a second
 * at 48 kHz): the encoder and the phone's decoder take their first packets slowly,
 * and the phone's buffer keeps whichever copy of a frame comes first.
 */
const OVERLAP_SAMPLES = 12_000;

interface Listener {
  channel: RTCDataChannel;
  format: FrameFormat;
  /** Until this sample the listener gets PCM too. */
  pcmUntil: number;
}

/**
 * Takes the laptop's sound from a track's blocks or the tap worklet's quanta, cuts
 * it into 5 ms frames and sends each at once to every listener's channel: 16-bit
 * PCM, or Opus to a listener whose path is tight (see setFormat). One encoder
 * serves every Opus listener. It runs where the channels are: in the sending
 * worker, or on the page.
 */
export class FrameSender {
  /** Told, once a reading, when a track turns out not to be at 48 kHz. */
  onOtherRate = () => {};
  /** Each listener's channel, by the id the page gave it, and the format it gets. */
  private readonly _channels = new Map<number, Listener>();
  private _sequence = 0;
  private _timestamp = 0;
  private _opus: OpusFrameEncoder | null = null;
  private _opusStarting = false;
  private _closed = false;
  /** What the sound comes from now: a track's blocks or the tap worklet's quanta. */
  private _reading: ReadableStream<AudioChunk> | null = null;
  private _quanta: MessagePort | null = null;
  private readonly _blocks = new Blocks(FRAME_SAMPLES, 2, (channels) => this._send(channels));

  add(id: number, channel: RTCDataChannel): void {
    channel.binaryType = 'arraybuffer';
    this._channels.set(id, { channel, format: 'pcm16', pcmUntil: 0 });
    channel.addEventListener('close', () => {
      if (this._channels.get(id)?.channel === channel) this._channels.delete(id);
    });
  }

  /** PCM where bandwidth allows, Opus where it is tight; PCM where Opus cannot be had. */
  setFormat(id: number, format: FrameFormat): void {
    const listener = this._channels.get(id);
    if (!listener || listener.format === format) return;
    listener.format = format;
    if (format !== 'opus') return;
    listener.pcmUntil = this._timestamp + OVERLAP_SAMPLES;
    void this._startOpus();
  }

  /** A track's blocks, from now on instead of what came before. */
  read(readable: ReadableStream<AudioChunk>): void {
    this._stopQuanta();
    this._reading = readable;
    void readBlocks(readable, (channels) => this._blocks.push(channels), () => this.onOtherRate(),
      () => this._reading === readable);
  }

  /** A port on which the tap worklet posts render quanta, from now on instead. */
  takeQuanta(port: MessagePort): void {
    this._reading = null;
    this._stopQuanta();
    this._quanta = port;
    port.onmessage = (event: MessageEvent<Float32Array[]>) => this._blocks.push(event.data);
  }

  close(): void {
    this._closed = true;
    this._reading = null;
    this._stopQuanta();
    for (const { channel } of this._channels.values()) channel.close();
    this._channels.clear();
    this._opus?.close();
    this._opus = null;
  }

  private _stopQuanta(): void {
    this._quanta?.close();
    this._quanta = null;
  }

  private async _startOpus(): Promise<void> {
    if (this._opus || this._opusStarting) return;
    this._opusStarting = true;
    const config = await opusEncoderConfig();
    this._opusStarting = false;
    if (!config || this._opus || this._closed) return;
    this._opus = new OpusFrameEncoder(config, (frame) => this._sendTo(
      [...this._channels.values()].filter(({ format }) => format === 'opus'), frame));
  }

  private _send(channels: Float32Array[]): void {
    const timestamp = this._timestamp;
    this._timestamp += channels[0]?.length ?? 0;
    const listeners = [...this._channels.values()];
    // Without a working encoder, Opus listeners get PCM rather than nothing.
    const opus = this._opus?.working ? this._opus : null;
    if (opus && listeners.some(({ format }) => format === 'opus')) opus.push(channels, timestamp);
    const getsPcm = ({ format, pcmUntil }: Listener) =>
      format === 'pcm16' || !opus || timestamp < pcmUntil;
    if (listeners.some(getsPcm)) {
      const frame = encodePcmFrame(this._sequence, timestamp >>> 0, channels);
      this._sequence = (this._sequence + 1) >>> 0;
      this._sendTo(listeners.filter(getsPcm), frame);
    }
  }

  private _sendTo(listeners: Listener[], frame: ArrayBuffer): void {
    for (const { channel } of listeners) {
      const open = channel.readyState === 'open';
      if (open && channel.bufferedAmount < MAX_BUFFERED_BYTES) channel.send(frame);
    }
  }
}
