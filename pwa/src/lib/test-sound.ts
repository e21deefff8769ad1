/**
 * A steady tone that lets someone check the phone without playing anything: a
 * lower one on the left and a higher one on the right, so it also shows that
 * stereo arrives and which ear is which. Tests import the frequencies in Node to
 * look for them at the listener, so nothing here may touch the DOM or Web Audio
 * until startTestSound is called.
 */
import type { Source } from './sources.ts';

export const TEST_TONE_LEFT_HZ = 440;
export const TEST_TONE_RIGHT_HZ = 660;

/** Loud enough to hear at a normal volume, quiet enough not to startle at full volume. */
const TEST_TONE_GAIN = 0.2;

export async function startTestSound(): Promise<Source> {
  // 48 kHz, as Chromium captures a tab: the ultra-low-latency path then reads it
  // directly. The smallest render blocks make the track's 10 ms blocks come evenly.
  const context = new AudioContext({ sampleRate: 48_000, latencyHint: 0 });
  const left = new OscillatorNode(context, { type: 'sine', frequency: TEST_TONE_LEFT_HZ });
  const right = new OscillatorNode(context, { type: 'sine', frequency: TEST_TONE_RIGHT_HZ });
  const gain = new GainNode(context, { gain: TEST_TONE_GAIN });
  const both = new ChannelMergerNode(context, { numberOfInputs: 2 });
  const output = new MediaStreamAudioDestinationNode(context, {
    channelCount: 2,
    channelCountMode: 'explicit',
  });
  left.connect(both, 0, 0);
  right.connect(both, 0, 1);
  both.connect(gain).connect(output);
  left.start();
  right.start();

  // A context made outside a user gesture, or one the browser parked, starts suspended.
  await context.resume();

  return {
    kind: 'test',
    label: `Test sound (${TEST_TONE_LEFT_HZ} Hz left, ${TEST_TONE_RIGHT_HZ} Hz right)`,
    stream: output.stream,
    stop() {
      left.stop();
      right.stop();
      for (const track of output.stream.getTracks()) track.stop();
      void context.close();
    },
  };
}
