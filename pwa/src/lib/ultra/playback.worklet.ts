/**
 * Runs on the phone's audio thread: frames arrive from the receiving worker (or
 * the page, where the browser cannot hand the channel to a worker), the jitter
 * buffer orders, conceals and paces them, and every quantum it fills the output.
 * Figures go back to the page five times a second: for people, and for the page to
 * see that frames still come.
 */
import { JitterBuffer } from './jitter-buffer.ts';
import type { PcmFrame } from './frame.ts';

const REPORT_EVERY = 75;

class Playback extends AudioWorkletProcessor {
  private readonly _buffer = new JitterBuffer({ sampleRate, channelCount: 2 });
  private _quanta = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    // Only the page posts here (frames, or a port that will carry them); the worker
    // and the page have checked each frame already.
    this.port.onmessage = (event: MessageEvent<PcmFrame | { frames: MessagePort }>) => {
      const { data } = event;
      if (!('frames' in data)) this._buffer.push(data);
      else data.frames.onmessage = (from: MessageEvent<PcmFrame>) => this._buffer.push(from.data);
    };
  }

  override process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    if (output) this._buffer.pull(output);
    if (++this._quanta % REPORT_EVERY === 0) {
      this.port.postMessage({
        lowMs: ((this._buffer.low ?? this._buffer.fill) / sampleRate) * 1000,
        targetMs: (this._buffer.target / sampleRate) * 1000,
        ratio: this._buffer.ratio,
        ...this._buffer.stats,
      });
    }
    return true;
  }
}

registerProcessor('sono-playback', Playback);
