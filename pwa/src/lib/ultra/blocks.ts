/**
 * Cuts audio that arrives in pieces of any length into blocks of one fixed
 * length, as the listener's jitter buffer wants them. A piece that ends part-way
 * through a block waits for the next; nothing is dropped or repeated.
 */
export class Blocks {
  private _pending: Float32Array[];
  private _filled = 0;

  constructor(private readonly _length: number, private readonly _channelCount: number,
    private readonly _onBlock: (channels: Float32Array[]) => void) {
    this._pending = this._fresh();
  }

  /** One Float32Array per channel, all the same length. */
  push(channels: Float32Array[]): void {
    const length = channels[0]?.length ?? 0;
    if (channels.length !== this._channelCount) return;
    let read = 0;
    while (read < length) {
      const count = Math.min(length - read, this._length - this._filled);
      channels.forEach((channel, index) => {
        this._pending[index]?.set(channel.subarray(read, read + count), this._filled);
      });
      read += count;
      this._filled += count;
      if (this._filled === this._length) {
        const block = this._pending;
        this._pending = this._fresh();
        this._filled = 0;
        this._onBlock(block);
      }
    }
  }

  private _fresh(): Float32Array[] {
    return Array.from({ length: this._channelCount }, () => new Float32Array(this._length));
  }
}
