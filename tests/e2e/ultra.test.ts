import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { collectPageErrors, launchChromium } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';
import { assertHearsTestSound, listenByLink, sendTestSound } from '../helpers/stream.ts';

const ultra = suite<{ sono: TestSono; browser: Browser }>('e2e/ultra');

ultra.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
ultra.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

/** The tap worklet's module, which the laptop loads only when it cannot read the track directly. */
const TAP_WORKLET = /\/tap\.worklet[^/]*\.js$/;
/** The workers that carry the frames off each page's main thread (a page falls back to doing it itself). */
const SENDER_WORKER = /\/sender\.worker[^/]*\.js$/;
const RECEIVER_WORKER = /\/receiver\.worker[^/]*\.js$/;

declare global {
  interface Window {
    /** Every module the page added to an AudioWorklet, as the test saw it. */
    workletModules?: string[];
  }
}

const feeds = [
  { name: 'read straight from the track', trackReader: true, sourceRate: 48_000, tapped: false },
  {
    name: 'sent and received by the pages themselves (a browser without workers)',
    trackReader: true, sourceRate: 48_000, tapped: false, workers: false,
  },
  {
    name: 'tapped by an AudioWorklet (a browser without MediaStreamTrackProcessor)',
    trackReader: false, sourceRate: 48_000, tapped: true,
  },
  { name: 'tapped by an AudioWorklet (a 44.1 kHz source)', trackReader: true, sourceRate: 44_100, tapped: true },
  {
    name: 'tapped by an AudioWorklet once the track shows it is not 48 kHz (a track that does not say)',
    trackReader: true, sourceRate: 44_100, tapped: true, hideRate: true,
  },
];

/** Takes workers away from a page, before its own code runs. */
async function withoutWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as { Worker?: unknown }).Worker;
  });
}

for (const { name, trackReader, sourceRate, tapped, hideRate = false, workers = true } of feeds) {
  ultra(`the test sound arrives over the data channel path, ${name}, and the phone says so`,
    async ({ sono, browser }) => {
      const { laptop, code } = await sendTestSound(sono, browser, 'ultra', async (page) => {
        if (!workers) await withoutWorkers(page);
        await page.addInitScript(({ keepReader, rate, hide }) => {
          if (!keepReader) delete (window as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor;
          if (hide) {
            const getSettings = MediaStreamTrack.prototype.getSettings;
            MediaStreamTrack.prototype.getSettings = function (this: MediaStreamTrack) {
              const { sampleRate: _unsaid, ...rest } = getSettings.call(this);
              return rest;
            };
          }
          // The first AudioContext the page makes is the test sound's: it runs at `rate`.
          const PageAudioContext = AudioContext;
          let made = 0;
          window.AudioContext = class extends PageAudioContext {
            constructor(options?: AudioContextOptions) {
              super(made++ === 0 ? { ...options, sampleRate: rate } : options);
            }
          };
          const addModule = AudioWorklet.prototype.addModule;
          window.workletModules = [];
          AudioWorklet.prototype.addModule = function (this: AudioWorklet, url, options) {
            window.workletModules?.push(String(url));
            return addModule.call(this, url, options);
          };
        }, { keepReader: trackReader, rate: sourceRate, hide: hideRate });
      });
      const phone = await listenByLink(sono, browser, code, workers ? undefined : withoutWorkers);
      const errors = [...collectPageErrors(laptop), ...collectPageErrors(phone)];

      // A path that pauses in its first seconds (a busy machine) comes back after ten
      // steady seconds, as it would for a user; what the phone said last tells why not.
      const line = phone.getByTestId('ultra');
      const on = await line.filter({ hasText: /^Ultra-low latency: on/ })
        .waitFor({ timeout: 30_000 }).then(() => true, () => false);
      assert.ok(on, `the phone says: ${await line.textContent().catch(() => 'nothing about the mode')}`);
      // The <audio> now plays the playback worklet's output, not the call's own track.
      const source = await phone.evaluate(() => {
        const find = (root: Document | ShadowRoot): HTMLAudioElement | null =>
          root.querySelector('audio') ?? [...root.querySelectorAll('*')]
            .map((element) => (element.shadowRoot ? find(element.shadowRoot) : null))
            .find((found) => found !== null) ?? null;
        const stream = find(document)?.srcObject;
        const track = stream instanceof MediaStream ? stream.getAudioTracks()[0] : undefined;
        return track?.label ?? '';
      });
      // Chromium names a Web Audio output track so; a track received from a call has a random id.
      assert.is(source, 'MediaStreamAudioDestinationNode');
      await assertHearsTestSound(phone, `through the ultra-low-latency path, ${name}`);
      const modules = await laptop.evaluate(() => window.workletModules ?? []);
      assert.is(modules.some((url) => TAP_WORKLET.test(url)), tapped, `worklets: ${modules.join(', ')}`);
      // Chromium hands a data channel to a worker: both ends do so where they have workers.
      const sending = laptop.workers().map((worker) => worker.url());
      assert.is(sending.some((url) => SENDER_WORKER.test(url)), workers,
        `laptop's workers: ${sending.join(', ')}`);
      const receiving = phone.workers().map((worker) => worker.url());
      assert.is(receiving.some((url) => RECEIVER_WORKER.test(url)), workers,
        `phone's workers: ${receiving.join(', ')}`);
      assert.equal(errors, []);
    });
}

ultra.run();
