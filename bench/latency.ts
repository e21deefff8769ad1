/**
 * Audio latency from sender to listener, and what else a listener notices first:
 * stereo separation and the time from entering the code to hearing sound. Four
 * kinds of call, interleaved so that the machine's ups and downs fall on all of
 * them alike: a plain PeerJS call with browser defaults, and Sono's Music, Low
 * latency and Ultra-low latency modes. Every page gets the same probe (probe.ts):
 * the same click source as its microphone and the same onset detector on both ends.
 */
import type { Browser, Page } from 'playwright-core';

import type { QualityMode } from '../pwa/src/lib/quality.ts';

import { launchChromium, newDevicePage } from '../tests/helpers/browser.ts';
import { createSession, joinSession, startTestSono, type TestSono } from '../tests/helpers/sono.ts';
import { openPlainPage, plainListen, plainSend } from './plain-call.ts';
import { installProbe } from './probe.ts';
import type { Benchmark } from './run.ts';
import { matchOnsets, median, quantile } from './stats.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
/**
 * BENCH_KINDS=plain,ultra (words of the kinds' names) runs only those kinds of call;
 * the plain call always runs, since every ratio is against it.
 */
const KINDS = process.env.BENCH_KINDS?.toLowerCase().split(',').filter(Boolean) ?? [];
/** BENCH_VERBOSE=1 prints every call's click latencies as they come. */
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);
/** The first clicks meet a jitter buffer still settling; what a user hears after is what counts. */
const WARM_UP_CLICKS = 2;
const CLICKS_PER_CALL = 8;
/** Clicks come every second: a heard click belongs to the sent one less than this before it. */
const MATCH_WINDOW_MS = 900;

interface Variant {
  name: string;
  call(sono: TestSono, browser: Browser): Promise<CallResult>;
}

interface CallResult {
  latenciesMs: number[];
  separationDb: number | null;
  firstSoundMs: number | null;
}

const ALL_VARIANTS: readonly Variant[] = [
  { name: 'plain PeerJS call', call: plainCall },
  { name: 'Sono, Music', call: (sono, browser) => sonoCall(sono, browser, 'music') },
  { name: 'Sono, Low latency', call: (sono, browser) => sonoCall(sono, browser, 'low-latency') },
  { name: 'Sono, Ultra-low latency', call: (sono, browser) => sonoCall(sono, browser, 'ultra') },
];

const VARIANTS = ALL_VARIANTS.filter((variant, index) => index === 0 || KINDS.length === 0
  || KINDS.some((word) => variant.name.toLowerCase().includes(word)));

export const latencyBenchmark: Benchmark = {
  name: 'Audio latency, stereo separation and time to first sound',
  async run() {
    // Every call opens a session; the hourly cap would stop the run part-way.
    const sono = await startTestSono({ SONO_SESSION_LIMIT: '100000' });
    const browser = await launchChromium();
    const results = new Map<Variant, CallResult[]>(VARIANTS.map((variant) => [variant, []]));
    try {
      for (let round = 1; round <= CALLS; round += 1) {
        for (const variant of VARIANTS) {
          const result = await variant.call(sono, browser);
          results.get(variant)?.push(result);
          const clicks = result.latenciesMs.map(Math.round).join(' ');
          if (VERBOSE) console.log(`${variant.name}: ${clicks}`);
        }
        process.stdout.write(`round ${round}/${CALLS} done\r`);
      }
    } finally {
      await browser.close();
      await sono.close();
    }
    printTable(results);
  },
};

async function sonoCall(sono: TestSono, browser: Browser, mode: QualityMode): Promise<CallResult> {
  const laptop = await probePage(browser);
  const phone = await probePage(browser);
  try {
    await laptop.goto(`${sono.url}/send`);
    await laptop.locator(`input[name="mode"][value="${mode}"]`).check();
    // The probe stands in for the input device, so this captures the clicks.
    await laptop.getByRole('button', { name: 'Input device' }).click();
    const code = await laptop.getByTestId('pairing-code').textContent({ timeout: 10_000 });

    await phone.goto(`${sono.url}/listen`);
    await phone.getByLabel('Pairing code').fill(code?.trim() ?? '');
    const startedAt = await pageClock(phone);
    await phone.getByRole('button', { name: 'Listen' }).click();
    const result = await measure(laptop, phone, startedAt);
    if (VERBOSE && mode === 'ultra') {
      console.log(`  phone: ${(await phone.getByTestId('ultra').textContent())?.trim()}`);
    }
    return result;
  } finally {
    await laptop.context().close();
    await phone.context().close();
  }
}

async function plainCall(sono: TestSono, browser: Browser): Promise<CallResult> {
  const created = await createSession(sono);
  const joined = await joinSession(sono, created.session.code);
  const laptop = await probePage(browser);
  const phone = await probePage(browser);
  try {
    await openPlainPage(laptop, sono.url);
    await openPlainPage(phone, sono.url);
    // The bench server has no STUN or TURN configured, so the API's list is empty too.
    await laptop.evaluate(plainSend, { ...created.peer, iceServers: [] });
    const self = { ...joined.peer, iceServers: [] };
    const startedAt = await phone.evaluate(plainListen, { self, senderId: created.peer.id });
    return await measure(laptop, phone, startedAt);
  } finally {
    await laptop.context().close();
    await phone.context().close();
  }
}

async function measure(laptop: Page, phone: Page, startedAt: number): Promise<CallResult> {
  await phone.waitForFunction((count) => window.sonoProbe.heard.length >= count,
    WARM_UP_CLICKS + CLICKS_PER_CALL, { timeout: 30_000, polling: 100 });
  const sent = await laptop.evaluate(() => window.sonoProbe.sent);
  const heard = await phone.evaluate(() => ({
    onsets: window.sonoProbe.heard,
    firstAt: window.sonoProbe.firstHeardAt,
    levels: window.sonoProbe.levels(),
  }));

  const levels = heard.levels;
  const separationDb = levels === null ? null : Math.min(
    levels.left[0] - levels.right[0], levels.right[1] - levels.left[1]);
  return {
    latenciesMs: matchOnsets(sent, heard.onsets.slice(WARM_UP_CLICKS), MATCH_WINDOW_MS),
    separationDb,
    firstSoundMs: heard.firstAt === null ? null : heard.firstAt - startedAt,
  };
}

async function probePage(browser: Browser): Promise<Page> {
  const page = await newDevicePage(browser);
  await page.addInitScript(installProbe);
  return page;
}

function pageClock(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

function printTable(results: Map<Variant, CallResult[]>): void {
  const [plain] = VARIANTS;
  const plainCalls = plain ? results.get(plain) ?? [] : [];
  const plainMedian = median(plainCalls.flatMap((each) => each.latenciesMs));
  const rows = [...results].map(([variant, calls]) => {
    const latencies = calls.flatMap((each) => each.latenciesMs);
    const middle = median(latencies);
    const separations = calls.flatMap((each) => each.separationDb ?? []);
    const firstSounds = calls.flatMap((each) => each.firstSoundMs ?? []);
    return {
      variant: variant.name,
      calls: calls.length,
      clicks: latencies.length,
      'median ms': fixed(middle, 1),
      'p90 ms': fixed(quantile(latencies, 0.9), 1),
      'vs plain': middle === null || !plainMedian ? '–' : (middle / plainMedian).toFixed(2),
      'separation dB': fixed(median(separations), 1),
      'first sound ms': fixed(median(firstSounds), 0),
    };
  });
  console.table(rows);
  console.log('Latency: each heard click against its sent click, all calls pooled. '
    + 'Separation: median over calls, the weaker of the two sides. First sound: median over '
    + 'calls, from the listener submitting the code (plain: from creating its peer).');
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}
