/**
 * A steady tone that lets someone check the phone without playing anything. Tests
 * import TEST_TONE_HZ in Node to look for this pitch at the listener, so nothing
 * here may touch the DOM or Web Audio until startTestSound is called.
 */
import type { Source } from './sources.ts';

export const TEST_TONE_HZ = 440;

/** Loud enough to hear at a normal volume, quiet enough not to startle at full volume. */
const TEST_TONE_GAIN = 0.2;

export async function startTestSound(): Promise<Source> {
  const context = new AudioContext();
  const tone = new OscillatorNode(context, { type: 'sine', frequency: TEST_TONE_HZ });
  const gain = new GainNode(context, { gain: TEST_TONE_GAIN });
  const output = new MediaStreamAudioDestinationNode(context, {
    channelCount: 2,
    channelCountMode: 'explicit',
  });
  tone.connect(gain).connect(output);
  tone.start();

  // A context made outside a user gesture, or one the browser parked, starts suspended.
  await context.resume();

  return {
    kind: 'test',
    label: `Test sound (${TEST_TONE_HZ} Hz)`,
    stream: output.stream,
    stop() {
      tone.stop();
      for (const track of output.stream.getTracks()) track.stop();
      void context.close();
    },
  };
}
