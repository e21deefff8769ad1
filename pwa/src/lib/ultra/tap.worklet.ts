/**
 * Runs on the laptop's audio thread: hands each render quantum (128 samples per
 * channel) of the source to whoever frames and sends it (the sending worker, or
 * the page), on the port the page gives it first. Mono sources are sent as two
 * equal channels so the listener's format never changes.
 */
class Tap extends AudioWorkletProcessor {
  private _out: MessagePort | null = null;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    this.port.onmessage = (event: MessageEvent<{ quanta: MessagePort }>) => {
      this._out = event.data.quanta;
    };
  }

  override process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const left = input?.[0];
    if (left && this._out) {
      const channels = [left.slice(), (input[1] ?? left).slice()];
      this._out.postMessage(channels, channels.map((channel) => channel.buffer));
    }
    return true;
  }
}

registerProcessor('sono-tap', Tap);
