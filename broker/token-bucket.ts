/**
 * A token bucket: `capacity` messages at once, refilled at `perSecond`. Lets a
 * peer send its burst of ICE candidates, and cuts off one that keeps flooding.
 */
export class TokenBucket {
  private _tokens: number;
  private _updatedAt: number;

  constructor(private readonly capacity: number, private readonly perSecond: number, now = Date.now()) {
    this._tokens = capacity;
    this._updatedAt = now;
  }

  take(now = Date.now()): boolean {
    const refill = ((now - this._updatedAt) / 1000) * this.perSecond;
    this._tokens = Math.min(this.capacity, this._tokens + refill);
    this._updatedAt = now;
    if (this._tokens < 1) return false;
    this._tokens -= 1;
    return true;
  }
}
