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
