/**
 * What the benchmark puts into every page it opens, before the page's own code:
 * a source of clicks that stands in for the microphone, and one onset detector
 * that watches both what a sender captures and what a listener plays. Sender and
 * listener detect through the same code, so the detector's own delay is in both
 * timestamps and cancels out of their difference. The detector reads each track
 * block by block as the track delivers it (MediaStreamTrackProcessor), so the
 * time it gives is when the sound reached the page's track: no AudioContext of
 * the probe's own stands between.
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
  /** How many of the latest blocks date the track (half a second of 10 ms blocks). */
  const ORIGIN_BLOCKS = 50;

  /** MediaStreamTrackProcessor and AudioData, as far as the probe uses them (not in TypeScript's DOM library). */
  interface AudioChunk {
    readonly sampleRate: number;
    readonly numberOfFrames: number;
    readonly numberOfChannels: number;
    copyTo(destination: Float32Array, options: { planeIndex: number; format: 'f32-planar' }): void;
    close(): void;
  }
  const TrackProcessor = (window as unknown as { MediaStreamTrackProcessor:
    new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<AudioChunk> } })
    .MediaStreamTrackProcessor;

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
    // 48 kHz, as Chromium captures a tab or a screen; and delivered as evenly as a
    // capture is. A context with the default latency hint renders in blocks a little
    // longer than the track's 10 ms (10.02 ms here), so every so often the track
    // gets two blocks at once after a 20 ms wait: on this machine several times a
    // second, which no capture does.
    const context = new AudioContext({ sampleRate: 48_000, latencyHint: 0 });
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
    const [track] = stream.getAudioTracks();
    if (watched.has(stream) || !track) return;
    watched.add(stream);
    const reader = new TrackProcessor({ track: track.clone() }).readable.getReader();
    void detect(reader, onsets, heard);
    if (!heard) return;
    // A page may switch what it plays (Ultra-low latency moves from the call's own
    // track to its worklet's): clicks heard on the old stream no longer count.
    const context = new AudioContext();
    forgetHeard?.();
    onsets.length = 0;
    forgetHeard = () => {
      void reader.cancel();
      void context.close();
    };
    // Per-channel levels, mono spread to both sides as a listener would hear it.
    const stereo = new GainNode(context, {
      channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers',
    });
    const splitter = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
    context.createMediaStreamSource(stream).connect(stereo).connect(splitter);
    analysers.length = 0;
    for (const channel of [0, 1]) {
      const analyser = new AnalyserNode(context, { fftSize: 8192, smoothingTimeConstant: 0.8 });
      splitter.connect(analyser, channel);
      analysers.push(analyser);
    }
  };

  /**
   * Puts the onsets of a track's sound into `onsets`, read block by block as the
   * track delivers it (MediaStreamTrackProcessor), with no AudioContext between: an
   * AudioContext takes a stream in through a buffer of its own that grows at every
   * hiccup, which would add a different delay on each page. A sample is dated by its
   * block's arrival less the samples after it in the track; the earliest such date
   * over the last blocks stands for the track's own timing, free of the page's delays
   * in reading it.
   */
  const detect = async (reader: ReadableStreamDefaultReader<AudioChunk>, onsets: number[],
    heard: boolean): Promise<void> => {
    let samples = 0;
    let origins: number[] = [];
    let before = 0;
    let beforeThat = 0;
    let lastOnset = -Infinity;
    /** A possible onset being confirmed: when it began (s into the track) and how many samples agreed. */
    let pending: { at: number; count: number } | null = null;
    for (;;) {
      const { value: chunk, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !chunk) return;
      const arrived = performance.timeOrigin + performance.now();
      const rate = chunk.sampleRate;
      const frames = chunk.numberOfFrames;
      const planes = Array.from({ length: Math.min(2, chunk.numberOfChannels) }, (_, index) => {
        const plane = new Float32Array(frames);
        chunk.copyTo(plane, { planeIndex: index, format: 'f32-planar' });
        return plane;
      });
      chunk.close();
      samples += frames;
      origins.push(arrived - (samples / rate) * 1000);
      if (origins.length > ORIGIN_BLOCKS) origins = origins.slice(-ORIGIN_BLOCKS);
      const origin = Math.min(...origins);
      const [left, right = left] = planes;
      for (let i = 0; i < frames; i += 1) {
        const sample = ((left?.[i] ?? 0) + (right?.[i] ?? 0)) / 2;
        const at = (samples - frames + i) / rate;
        if (heard && probe.firstHeardAt === null && Math.abs(sample) > SOUND_THRESHOLD) {
          probe.firstHeardAt = origin + at * 1000;
        }
        const loud = Math.abs(sample - 2 * before + beforeThat) > ONSET_THRESHOLD;
        if (pending && at - pending.at > CONFIRM_S) pending = null;
        if (loud && !pending && at - lastOnset > REFRACTORY_S) pending = { at, count: 0 };
        if (loud && pending) pending.count += 1;
        if (pending && pending.count >= CONFIRM_COUNT) {
          lastOnset = pending.at;
          onsets.push(origin + pending.at * 1000);
          pending = null;
        }
        beforeThat = before;
        before = sample;
      }
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
