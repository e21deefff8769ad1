import { decodeFrame, type FrameFormat, type PcmFrame } from './frame.ts';
import { OpusFrameDecoder } from './opus-frames.ts';

/**
 * Reads what arrives on the phone's ultra-low-latency channel: checks each
 * message is a stereo frame, decodes Opus back into samples, and hands the
 * playback worklet frames of samples either way. It says when the format of what
 * arrives changes (the laptop sends Opus while the path is relayed). Used where
 * the frames are received: in the receiving worker, or on the page.
 */
export class FrameReader {
  private _format: FrameFormat | null = null;
  private _opus: OpusFrameDecoder | null = null;

  constructor(private readonly _onFrame: (frame: PcmFrame) => void,
    private readonly _onFormat: (format: FrameFormat) => void) {}

  read(data: unknown): void {
    const frame = decodeFrame(data);
    if (!frame) return;
    if (frame.format === 'pcm16' && frame.channels.length === 2) {
      this._note('pcm16');
      this._onFrame(frame);
    } else if (frame.format === 'opus' && frame.channelCount === 2) {
      // Without WebCodecs nothing plays; the phone sees frames stop and keeps the call's sound.
      if (typeof AudioDecoder === 'undefined') return;
      this._note('opus');
      // A packet the decoder fails on closes it; the next frame gets a fresh one.
      if (!this._opus?.working) this._opus = new OpusFrameDecoder(this._onFrame);
      this._opus.push(frame);
    }
  }

  close(): void {
    this._opus?.close();
    this._opus = null;
  }

  private _note(format: FrameFormat): void {
    if (format === this._format) return;
    this._format = format;
    this._onFormat(format);
  }
}
