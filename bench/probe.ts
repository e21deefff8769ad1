/**
 * What the benchmark puts into every page it opens, before the page's own code:
 * a source of clicks that stands in for the microphone, and one onset detector
 * that watches both what a sender captures and what a listener plays. Sender and
 * listener detect through the same code, so the detector's own delay is in both
 * timestamps and cancels out of their difference.
 *
 * It runs in the page (handed over as an init script), so it must stay one
 * self-contained function: nothing from outside its body exists there.
 */

/** What the probe exposes on `window.sonoProbe`. */
export interface Probe {
  /** Onsets in the captured (sent) sound, as epoch ms on the browser's shared clock. */
  sent: number[];
  /** Onsets in the played (heard) sound, same clock. */
  heard: number[];
  /** When the first sound of any kind was heard. */
  firstHeardAt: number | null;
  /** Level of the left (440 Hz) and right (660 Hz) tones in each heard channel, dBFS. */
  levels(): { left: [number, number]; right: [number, number] } | null;
}

declare global {
  interface Window {
    sonoProbe: Probe;
  }
}

export const LEFT_HZ = 440;
export const RIGHT_HZ = 660;

export function installProbe(): void {
  // Far apart enough that a click cannot arrive after the next one is sent, even on a
  // machine so busy that the jitter buffer grows to half a second.
  const CLICK_EVERY_S = 1;
  const CLICK_HZ = 3000;
  const CLICK_S = 0.008;
  const CLICK_GAIN = 0.8;
  const TONE_GAIN = 0.1;
  const TONES = [440, 660];
  // The second difference of the signal: near zero for the low tones, large for a click.
  const ONSET_THRESHOLD = 0.04;
  const SOUND_THRESHOLD = 0.02;
  const REFRACTORY_S = 0.25;
  // A click keeps the curvature high for many samples; a glitch (a dropout or a
  // stretched packet on a busy machine) is one step. An onset counts only when at
  // least CONFIRM_COUNT samples of the next CONFIRM_S are over the threshold too.
  const CONFIRM_S = 0.002;
  const CONFIRM_COUNT = 8;

  const analysers: AnalyserNode[] = [];
  const watched = new WeakSet<MediaStream>();
  const probe: Probe = {
    sent: [],
    heard: [],
    firstHeardAt: null,
    levels() {
      const [left, right] = analysers;
      if (!left || !right) return null;
      const read = (analyser: AnalyserNode): [number, number] => {
        const bins = new Float32Array(analyser.frequencyBinCount);
        analyser.getFloatFrequencyData(bins);
        const at = (hz: number) => {
          const centre = Math.round((hz * analyser.fftSize) / analyser.context.sampleRate);
          return Math.max(...[-2, -1, 0, 1, 2].map((offset) => bins[centre + offset] ?? -200));
        };
        return [at(TONES[0] ?? 0), at(TONES[1] ?? 0)];
      };
      return { left: read(left), right: read(right) };
    },
  };
  window.sonoProbe = probe;

  /** Left tone, right tone, and a short 3 kHz click on both sides every second. */
  const clicks = async (): Promise<MediaStream> => {
    const context = new AudioContext();
    const rate = context.sampleRate;
    const pattern = context.createBuffer(2, Math.round(rate * CLICK_EVERY_S), rate);
    const length = Math.round(rate * CLICK_S);
    for (let channel = 0; channel < 2; channel += 1) {
      const data = pattern.getChannelData(channel);
      for (let i = 0; i < length; i += 1) {
        const taper = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
        data[i] = CLICK_GAIN * taper * Math.sin((2 * Math.PI * CLICK_HZ * i) / rate);
      }
    }
    const output = new MediaStreamAudioDestinationNode(context, {
      channelCount: 2, channelCountMode: 'explicit',
    });
    const merger = new ChannelMergerNode(context, { numberOfInputs: 2 });
    TONES.forEach((frequency, channel) => {
      const tone = new OscillatorNode(context, { frequency });
      tone.connect(merger, 0, channel);
      tone.start();
    });
    merger.connect(new GainNode(context, { gain: TONE_GAIN })).connect(output);
    const click = new AudioBufferSourceNode(context, { buffer: pattern, loop: true });
    click.connect(output);
    click.start();
    await context.resume();
    return output.stream;
  };

  /** Stops watching the stream heard before; only the one playing now counts. */
  let forgetHeard: (() => void) | null = null;

  const watch = (stream: MediaStream, onsets: number[], heard: boolean): void => {
    if (watched.has(stream)) return;
    watched.add(stream);
    const context = new AudioContext();
    if (heard) {
      // A page may switch what it plays (Ultra-low latency moves from the call's own
      // track to its worklet's): clicks heard on the old stream no longer count.
      forgetHeard?.();
      onsets.length = 0;
      forgetHeard = () => void context.close();
    }
    const source = context.createMediaStreamSource(stream);
    // A ScriptProcessor rather than a worklet: it needs no module URL, which a
    // page's content security policy might refuse.
    const processor = context.createScriptProcessor(512, 2, 1);
    let before = 0;
    let beforeThat = 0;
    let lastOnset = -Infinity;
    /** A possible onset being confirmed: when it began and how many samples agreed. */
    let pending: { at: number; count: number } | null = null;
    processor.onaudioprocess = (event) => {
      const left = event.inputBuffer.getChannelData(0);
      const right = event.inputBuffer.getChannelData(1);
      const stamp = context.getOutputTimestamp();
      const contextS = stamp.contextTime ?? 0;
      const pageMs = stamp.performanceTime || performance.now();
      const toEpochMs = (seconds: number) =>
        performance.timeOrigin + pageMs + (seconds - contextS) * 1000;

      for (let i = 0; i < left.length; i += 1) {
        const sample = ((left[i] ?? 0) + (right[i] ?? 0)) / 2;
        const at = event.playbackTime + i / context.sampleRate;
        if (heard && probe.firstHeardAt === null && Math.abs(sample) > SOUND_THRESHOLD) {
          probe.firstHeardAt = toEpochMs(at);
        }
        const loud = Math.abs(sample - 2 * before + beforeThat) > ONSET_THRESHOLD;
        if (pending && at - pending.at > CONFIRM_S) pending = null;
        if (loud && !pending && at - lastOnset > REFRACTORY_S) pending = { at, count: 0 };
        if (loud && pending) pending.count += 1;
        if (pending && pending.count >= CONFIRM_COUNT) {
          lastOnset = pending.at;
          onsets.push(toEpochMs(pending.at));
          pending = null;
        }
        beforeThat = before;
        before = sample;
      }
    };
    source.connect(processor).connect(context.destination);

    if (!heard) return;
    // Per-channel levels, mono spread to both sides as a listener would hear it.
    const stereo = new GainNode(context, {
      channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers',
    });
    const splitter = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
    source.connect(stereo).connect(splitter);
    analysers.length = 0;
    for (const channel of [0, 1]) {
      const analyser = new AnalyserNode(context, { fftSize: 8192, smoothingTimeConstant: 0.8 });
      splitter.connect(analyser, channel);
      analysers.push(analyser);
    }
  };

  // The microphone, whatever was asked of it, is the click source; what it gives is "sent".
  navigator.mediaDevices.getUserMedia = async () => {
    const stream = await clicks();
    watch(stream, probe.sent, false);
    return stream;
  };

  // Whatever a page plays through a media element is "heard".
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...srcObject,
    set(this: HTMLMediaElement, value: MediaProvider | null) {
      srcObject?.set?.call(this, value);
      if (value instanceof MediaStream) watch(value, probe.heard, true);
    },
  });
}
