/**
 * Runs on the laptop's audio thread: hands each render quantum (128 samples per
 * channel) of the source to the page, which frames and sends it. Mono sources
 * are sent as two equal channels so the listener's format never changes.
 */
class Tap extends AudioWorkletProcessor {
  override process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const left = input?.[0];
    if (left) {
      const channels = [left.slice(), (input[1] ?? left).slice()];
      this.port.postMessage(channels, channels.map((channel) => channel.buffer));
    }
    return true;
  }
}

registerProcessor('sono-tap', Tap);
