import type { Page } from 'playwright-core';

export interface Spectrum {
  /** Frequency of the strongest bin, in Hz. */
  peakHz: number;
  /** Level of the strongest bin, in dBFS. */
  peakDb: number;
  /** Median level across bins, in dBFS: the noise floor the peak stands above. */
  floorDb: number;
}

/**
 * Analyses what an <audio> element in the page is actually receiving: its
 * srcObject goes into Web Audio, and an FFT taken over `listenMs` says which
 * frequency dominates. The element sits in nested shadow roots, so it is found
 * by walking them.
 */
export async function spectrumOfPlayingAudio(page: Page, listenMs = 1500): Promise<Spectrum> {
  return page.evaluate(async (waitMs) => {
    const find = (root: Document | ShadowRoot): HTMLAudioElement | null => {
      const audio = root.querySelector('audio');
      if (audio) return audio;
      for (const element of root.querySelectorAll('*')) {
        const found = element.shadowRoot ? find(element.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    const audio = find(document);
    const stream = audio?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('no <audio> with a stream in the page');

    const context = new AudioContext();
    await context.resume();
    const analyser = new AnalyserNode(context, { fftSize: 8192, smoothingTimeConstant: 0.8 });
    context.createMediaStreamSource(stream).connect(analyser);
    await new Promise((resolve) => setTimeout(resolve, waitMs));

    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    await context.close();
    let peak = 0;
    bins.forEach((level, index) => { if (level > (bins[peak] ?? -Infinity)) peak = index; });
    const sorted = [...bins].sort((a, b) => a - b);
    return {
      peakHz: (peak * context.sampleRate) / analyser.fftSize,
      peakDb: bins[peak] ?? -Infinity,
      floorDb: sorted[Math.floor(sorted.length / 2)] ?? -Infinity,
    };
  }, listenMs);
}

/** Level in dBFS of each asked-for frequency, in the left and in the right channel. */
export interface ChannelLevels {
  left: number[];
  right: number[];
}

/**
 * Like spectrumOfPlayingAudio, but per channel: a ChannelSplitterNode parts left
 * from right, and each frequency's level is read from its own channel's FFT. A
 * mono stream is spread to both channels first, as a listener would hear it.
 */
export async function channelLevelsOfPlayingAudio(
  page: Page, frequencies: number[], listenMs = 1500,
): Promise<ChannelLevels> {
  return page.evaluate(async ({ hzs, waitMs }) => {
    const find = (root: Document | ShadowRoot): HTMLAudioElement | null => {
      const audio = root.querySelector('audio');
      if (audio) return audio;
      for (const element of root.querySelectorAll('*')) {
        const found = element.shadowRoot ? find(element.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    const stream = find(document)?.srcObject;
    if (!(stream instanceof MediaStream)) throw new Error('no <audio> with a stream in the page');

    const context = new AudioContext();
    await context.resume();
    const stereo = new GainNode(context, {
      channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers',
    });
    const splitter = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
    const analysers = [0, 1].map(() =>
      new AnalyserNode(context, { fftSize: 8192, smoothingTimeConstant: 0.8 }));
    context.createMediaStreamSource(stream).connect(stereo).connect(splitter);
    analysers.forEach((analyser, channel) => splitter.connect(analyser, channel));
    await new Promise((resolve) => setTimeout(resolve, waitMs));

    const levels = analysers.map((analyser) => {
      const bins = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatFrequencyData(bins);
      return hzs.map((hz) => {
        // The strongest of the bins around the frequency: a tone leaks into its neighbours.
        const centre = Math.round((hz * analyser.fftSize) / context.sampleRate);
        const near = [-2, -1, 0, 1, 2].map((offset) => bins[centre + offset] ?? -Infinity);
        return Math.max(...near);
      });
    });
    await context.close();
    return { left: levels[0] ?? [], right: levels[1] ?? [] };
  }, { hzs: frequencies, waitMs: listenMs });
}
