/**
 * Keeps the buffer's fill level at its target although the two devices' audio
 * clocks run at slightly different rates (100 ppm is common: 0.36 s an hour).
 * It answers the rate at which the listener should read the buffer: above 1
 * drains it, below 1 lets it grow. A PI controller on the smoothed fill error,
 * clamped so the pitch change stays inaudible.
 */
export interface DriftSettings {
  /** Rate change per second of fill error. */
  proportional: number;
  /** Rate change per second of error, per second it persists. */
  integral: number;
  /** The largest correction, as a fraction (0.001 = 1000 ppm, under 2 cents). */
  maxCorrection: number;
  /** Time constant of the fill smoothing, in seconds. */
  smoothing: number;
}

export const DEFAULT_DRIFT: DriftSettings = {
  proportional: 0.3,
  integral: 0.0005,
  maxCorrection: 0.001,
  smoothing: 1,
};

export class DriftController {
  private _smoothed: number | null = null;
  private _integral = 0;

  constructor(private readonly settings: DriftSettings = DEFAULT_DRIFT) {}

  /** Feeds one measurement (seconds of audio buffered and wanted) taken `elapsed` seconds after the last. */
  update(fillSeconds: number, targetSeconds: number, elapsed: number): number {
    const { proportional, integral, maxCorrection, smoothing } = this.settings;
    const weight = Math.min(1, elapsed / smoothing);
    this._smoothed = this._smoothed === null ? fillSeconds
      : this._smoothed + (fillSeconds - this._smoothed) * weight;

    const error = this._smoothed - targetSeconds;
    const limit = maxCorrection / integral;
    this._integral = Math.max(-limit, Math.min(limit, this._integral + error * elapsed));
    const correction = proportional * error + integral * this._integral;
    return 1 + Math.max(-maxCorrection, Math.min(maxCorrection, correction));
  }

  /** After a jump in the fill level (rebuffering, a new target) old history misleads. */
  reset(): void {
    this._smoothed = null;
    this._integral = 0;
  }

  get smoothedFill(): number | null {
    return this._smoothed;
  }
}
