/**
 * Latency drift over a long stream: one Sono call in Music mode, a click every
 * second for BENCH_DRIFT_MINUTES (default 10), each click's latency measured as in
 * the latency benchmark (same probe on both pages). It prints the first minute
 * against the last. A plain call has no own buffer management to compare with,
 * so the baseline here is the stream's own first minute.
 */
import type { Browser, Page } from 'playwright-core';

import { launchChromium, newDevicePage } from '../tests/helpers/browser.ts';
import { startTestSono } from '../tests/helpers/sono.ts';
import { untilPlaying } from '../tests/helpers/stream.ts';
import { installProbe } from './probe.ts';
import type { Benchmark } from './run.ts';
import { matchOnsets, median, quantile } from './stats.ts';

const MINUTES = Number(process.env.BENCH_DRIFT_MINUTES ?? 10);
const MATCH_WINDOW_MS = 900;

export const driftBenchmark: Benchmark = {
  name: `Latency drift over a ${MINUTES}-minute stream`,
  async run() {
    const sono = await startTestSono();
    const browser = await launchChromium();
    try {
      const laptop = await probePage(browser);
      const phone = await probePage(browser);
      await laptop.goto(`${sono.url}/send`);
      await laptop.getByRole('button', { name: 'Input device' }).click();
      const code = (await laptop.getByTestId('pairing-code').textContent({ timeout: 10_000 }))?.trim();
      await phone.goto(`${sono.url}/listen#code=${code ?? ''}`);
      await untilPlaying(phone);

      const startedAt = await clock(phone);
      await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
      const sent = await laptop.evaluate(() => window.sonoProbe.sent);
      const heard = await phone.evaluate(() => window.sonoProbe.heard);
      report(sent, heard, startedAt);
    } finally {
      await browser.close();
      await sono.close();
    }
  },
};

function report(sent: number[], heard: number[], startedAt: number): void {
  const minute = (index: number) => heard.filter((at) =>
    at >= startedAt + index * 60_000 && at < startedAt + (index + 1) * 60_000);
  const first = matchOnsets(sent, minute(0), MATCH_WINDOW_MS);
  const last = matchOnsets(sent, minute(MINUTES - 1), MATCH_WINDOW_MS);
  const firstMedian = median(first);
  const lastMedian = median(last);
  console.table([
    { minute: 'first', clicks: first.length, 'median ms': fixed(firstMedian), 'p90 ms': fixed(quantile(first, 0.9)) },
    { minute: 'last', clicks: last.length, 'median ms': fixed(lastMedian), 'p90 ms': fixed(quantile(last, 0.9)) },
  ]);
  const drift = firstMedian === null || lastMedian === null ? null : lastMedian - firstMedian;
  console.log(`Drift, last minute's median minus the first's: ${fixed(drift)} ms `
    + `(ratio ${firstMedian && lastMedian ? (lastMedian / firstMedian).toFixed(2) : '–'}).`);
}

async function probePage(browser: Browser): Promise<Page> {
  const page = await newDevicePage(browser);
  await page.addInitScript(installProbe);
  return page;
}

function clock(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

function fixed(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}
