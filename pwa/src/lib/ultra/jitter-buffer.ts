import { DriftController } from './drift.ts';
import { unwrap, type PcmFrame } from './frame.ts';

export interface JitterSettings {
  sampleRate: number;
  channelCount: number;
  /**
   * The target is for the buffer's low point: the least it holds just after the
   * audio thread has read, over the last `lowWindowMs`. Frames come in bursts (a
   * capture delivers 10 ms at a time), so the fill saws up and down by a burst;
   * what decides whether the next read finds enough is the low point, and what
   * a listener hears late beyond the burst itself is the low point too.
   */
  initialTargetMs: number;
  /**
   * The least margin beyond one read's quantum. The quantum is what lets a burst
   * come after the read it usually beats; the margin only covers the read rate's
   * resampling and the controller's small swings around its target.
   */
  minTargetMs: number;
  lowWindowMs: number;
  maxTargetMs: number;
  /**
   * An underrun within `calmSeconds` of the one before grows the target by this
   * factor (plus a millisecond). A lone one does not: a hiccup of the machine or the
   * network (seen on this machine: frames 5-13 ms late, now and then) would mostly outlast the
   * margin a growth adds, which the rest of the call would then pay for in latency.
   * Underruns that repeat mean the path jitters by more than the target allows.
   */
  growth: number;
  /**
   * Further ahead than this beyond the target (a backlog at start, a burst after a
   * stall) the playhead skips forward at once: the drift controller alone would take
   * minutes to drain it. A low point that stays above the target by `maxLowExcessMs`
   * for a whole window is skipped too, down to the target.
   */
  maxExcessMs: number;
  maxLowExcessMs: number;
  /**
   * Underruns in the first seconds of playback come from the start itself (code
   * loading, the audio thread warming up), not the path: they do not grow the target.
   */
  warmUpSeconds: number;
  /** After this long without an underrun the target shrinks by `shrink`. */
  calmSeconds: number;
  shrink: number;
}

export const DEFAULT_JITTER: Omit<JitterSettings, 'sampleRate' | 'channelCount'> = {
  initialTargetMs: 3,
  minTargetMs: 0.2,
  lowWindowMs: 50,
  maxTargetMs: 200,
  growth: 1.5,
  maxExcessMs: 40,
  maxLowExcessMs: 6,
  warmUpSeconds: 5,
  calmSeconds: 5,
  shrink: 0.85,
};

export interface JitterStats {
  received: number;
  late: number;
  duplicates: number;
  concealed: number;
  underruns: number;
  skips: number;
  ignored: number;
}

/** How much louder than silence a repeated frame may be: it fades with each repeat. */
const CONCEALMENT_GAIN = 0.5;

/**
 * The listener's buffer for the ultra-low-latency path. Frames may arrive late,
 * twice, out of order or never; the buffer places them by timestamp and the
 * audio thread pulls a fixed quantum. A missing frame is concealed by a faded
 * repeat of the one before; an empty buffer is an underrun, after which playback
 * waits to refill, and the target grows if underruns repeat (see `growth`). A
 * calm path lets the target shrink again. The read rate follows the
 * DriftController so the low point (see `initialTargetMs`) stays at target however
 * the two audio clocks differ.
 */
export class JitterBuffer {
  readonly stats: JitterStats = {
    received: 0, late: 0, duplicates: 0, concealed: 0, underruns: 0, skips: 0, ignored: 0,
  };
  private readonly _settings: JitterSettings;
  private readonly _frames = new Map<number, Float32Array[]>();
  private readonly _drift = new DriftController();
  private _frameLength = 0;
  private _alignment = 0;
  private _reference = 0;
  private _playhead: number | null = null;
  private _newestEnd = -Infinity;
  private _target: number;
  /** The least fill seen in the window so far, and in the last whole window. */
  private _windowLow = Infinity;
  private _windowCount = 0;
  private _low: number | null = null;
  /**
   * Playback has just (re)started: whatever a burst of frames brought beyond the
   * target at that moment is latency nobody needs, and sound has just stopped
   * anyway, so the first low point measured is trimmed to the target at once.
   */
  private _settling = true;
  private _rebuffering = true;
  private _calm = 0;
  /** Where the last underrun since warming up happened, in samples played. */
  private _lastUnderrun: number | null = null;
  private _played = 0;
  private _ratio = 1;
  private _lastHeard: Float32Array[] | null = null;
  private _cachedStart = NaN;
  private _cachedFrame: Float32Array[] | undefined;
  private _concealedStart: number | null = null;
  private _repeats = 0;

  constructor(settings: Pick<JitterSettings, 'sampleRate' | 'channelCount'> & Partial<JitterSettings>) {
    this._settings = { ...DEFAULT_JITTER, ...settings };
    this._target = this._ms(this._settings.initialTargetMs);
  }

  /** Samples buffered ahead of the playhead. */
  get fill(): number {
    return this._playhead === null ? 0 : Math.max(0, this._newestEnd - this._playhead);
  }

  get target(): number {
    return this._target;
  }

  /** The least the buffer held after a read, over the last whole window (null before one). */
  get low(): number | null {
    return this._low;
  }

  /** The current read rate: 1 is the listener's own clock. */
  get ratio(): number {
    return this._ratio;
  }

  push(frame: PcmFrame): void {
    const length = frame.channels[0]?.length ?? 0;
    if (frame.channels.length !== this._settings.channelCount || length === 0) {
      this.stats.ignored += 1;
      return;
    }
    const start = unwrap(frame.timestamp, this._reference);
    if (this._frameLength === 0) {
      this._frameLength = length;
      this._alignment = start % length;
      this._playhead = start;
    }
    if (length !== this._frameLength || (start - this._alignment) % length !== 0) {
      this.stats.ignored += 1;
      return;
    }
    this._reference = start;
    if (this._playhead !== null && start + length <= Math.floor(this._playhead)) {
      this.stats.late += 1;
      return;
    }
    if (this._frames.has(start)) {
      this.stats.duplicates += 1;
      return;
    }
    this.stats.received += 1;
    this._frames.set(start, frame.channels);
    if (start === this._cachedStart) this._cachedStart = NaN;
    this._newestEnd = Math.max(this._newestEnd, start + length);
  }

  /** Fills every channel of `output` (equal lengths) with the next stretch of sound. */
  pull(output: Float32Array[]): void {
    const count = output[0]?.length ?? 0;
    if (this._rebuffering && this.fill >= this._target) {
      this._rebuffering = false;
      this._resetLow();
      this._settling = true;
    }
    // Too little for this quantum: reading on would run into frames not here yet.
    if (!this._rebuffering && this.fill < count * this._ratio + 1) this._underrun();
    if (this._rebuffering || this._playhead === null) {
      for (const channel of output) channel.fill(0);
      return;
    }
    if (this.fill > this._target + this._ms(this._settings.maxExcessMs)) this._skipAhead();

    for (let i = 0; i < count; i++) {
      const position = this._playhead;
      const index = Math.floor(position);
      const fraction = position - index;
      for (let c = 0; c < output.length; c++) {
        const now = this._sampleAt(index, c);
        const next = fraction === 0 ? now : this._sampleAt(index + 1, c);
        const channel = output[c];
        if (channel) channel[i] = now + (next - now) * fraction;
      }
      this._playhead += this._ratio;
    }

    this._forgetPlayed();
    this._adapt(count);
  }

  private _sampleAt(position: number, channel: number): number {
    const offset = (position - this._alignment) % this._frameLength;
    const start = position - offset;
    // The same frame serves a whole run of samples: look it up once per run.
    if (start !== this._cachedStart) {
      this._cachedStart = start;
      this._cachedFrame = this._frames.get(start);
    }
    const frame = this._cachedFrame;
    if (frame) {
      if (this._concealedStart !== start) {
        this._lastHeard = frame;
        this._repeats = 0;
      }
      return frame[channel]?.[offset] ?? 0;
    }
    if (this._concealedStart !== start) {
      this._concealedStart = start;
      this._repeats += 1;
      this.stats.concealed += 1;
    }
    const gain = CONCEALMENT_GAIN ** this._repeats;
    return (this._lastHeard?.[channel]?.[offset] ?? 0) * gain;
  }

  private _underrun(): void {
    this.stats.underruns += 1;
    this._rebuffering = true;
    this._calm = 0;
    const { warmUpSeconds, calmSeconds, sampleRate } = this._settings;
    if (this._played < warmUpSeconds * sampleRate) return;
    const previous = this._lastUnderrun;
    this._lastUnderrun = this._played;
    if (previous === null || this._played - previous > calmSeconds * sampleRate) return;
    const grown = this._target * this._settings.growth + this._ms(1);
    this._target = Math.min(this._ms(this._settings.maxTargetMs), grown);
  }

  private _skipAhead(): void {
    this.stats.skips += 1;
    this._playhead = this._newestEnd - this._target;
    this._resetLow();
  }

  /** After a jump of the playhead the old low point and the drift history mislead. */
  private _resetLow(): void {
    this._windowLow = Infinity;
    this._windowCount = 0;
    this._low = null;
    this._drift.reset();
  }

  private _forgetPlayed(): void {
    if (this._playhead === null) return;
    const keepFrom = Math.floor(this._playhead) - this._frameLength;
    for (const start of this._frames.keys()) {
      if (start + this._frameLength <= keepFrom) this._frames.delete(start);
    }
    if (!this._frames.has(this._cachedStart)) this._cachedStart = NaN;
  }

  private _adapt(count: number): void {
    const { sampleRate, calmSeconds, shrink, minTargetMs, lowWindowMs, maxLowExcessMs } = this._settings;
    this._calm += count;
    this._played += count;
    if (this._calm >= calmSeconds * sampleRate) {
      this._calm = 0;
      // The low point must hold the next read's quantum even if no frame comes first.
      this._target = Math.max(this._ms(minTargetMs) + count, this._target * shrink);
    }
    this._windowLow = Math.min(this._windowLow, this.fill);
    this._windowCount += count;
    if (this._windowCount < this._ms(lowWindowMs)) return;
    const low = this._windowLow;
    this._windowLow = Infinity;
    this._windowCount = 0;
    const allowed = this._settling ? count : this._ms(maxLowExcessMs);
    this._settling = false;
    if (low > this._target + allowed) {
      // A standing backlog the drift controller would need many seconds to drain.
      this.stats.skips += 1;
      this._playhead = (this._playhead ?? 0) + (low - this._target);
      this._resetLow();
      return;
    }
    this._low = low;
    const elapsed = this._ms(lowWindowMs) / sampleRate;
    this._ratio = this._drift.update(low / sampleRate, this._target / sampleRate, elapsed);
  }

  private _ms(ms: number): number {
    return (ms / 1000) * this._settings.sampleRate;
  }
}
