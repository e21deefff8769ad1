/**
 * Runs on the phone's audio thread: frames arrive from the page, the jitter
 * buffer orders, conceals and paces them, and every quantum it fills the output.
 * Figures go back to the page a few times a second.
 */
import { JitterBuffer } from './jitter-buffer.ts';
import type { PcmFrame } from './frame.ts';

/** About 2.5 times a second at 48 kHz: figures for people, not for the audio. */
const REPORT_EVERY = 150;

class Playback extends AudioWorkletProcessor {
  private readonly _buffer = new JitterBuffer({ sampleRate, channelCount: 2 });
  private _quanta = 0;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.port.onmessage = (event: MessageEvent<PcmFrame>) => this._buffer.push(event.data);
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
