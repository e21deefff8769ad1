import { Blocks } from './blocks.ts';
import { encodePcmFrame } from './frame.ts';

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
 * Cuts the laptop's sound, in pieces of any length, into 5 ms frames of 16-bit
 * PCM and sends each at once to every listener's channel. It runs where the
 * channels are: in the sending worker, or on the page.
 */
export class FrameSender {
  private readonly _channels = new Set<RTCDataChannel>();
  private _sequence = 0;
  private _timestamp = 0;
  private readonly _blocks = new Blocks(FRAME_SAMPLES, 2, (channels) => this._send(channels));

  add(channel: RTCDataChannel): void {
    channel.binaryType = 'arraybuffer';
    this._channels.add(channel);
    channel.addEventListener('close', () => this._channels.delete(channel));
  }

  /** Two channels of the same length. */
  push(channels: Float32Array[]): void {
    this._blocks.push(channels);
  }

  close(): void {
    for (const channel of this._channels) channel.close();
    this._channels.clear();
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
