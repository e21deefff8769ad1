import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import type { QualityMode } from '../../pwa/src/lib/quality.ts';
import { TEST_TONE_LEFT_HZ, TEST_TONE_RIGHT_HZ } from '../../pwa/src/lib/test-sound.ts';
import { channelLevelsOfPlayingAudio } from '../helpers/audio.ts';
import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';

const stereo = suite<{ sono: TestSono; browser: Browser }>('e2e/stereo');

stereo.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
stereo.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

/** The laptop starts the test sound in the given mode; the phone joins and plays. */
async function listenTo(sono: TestSono, browser: Browser, mode: QualityMode): Promise<{
  laptop: Page; phone: Page; errors: string[];
}> {
  const laptop = await newDevicePage(browser);
  const phone = await newDevicePage(browser);
  const errors = [...collectPageErrors(laptop), ...collectPageErrors(phone)];

  await laptop.goto(`${sono.url}/send`);
  await laptop.locator(`input[name="mode"][value="${mode}"]`).check();
  await laptop.getByRole('button', { name: 'Test sound' }).click();
  const code = (await laptop.getByTestId('pairing-code').textContent({ timeout: 10_000 }))?.trim();

  await phone.goto(`${sono.url}/listen#code=${code ?? ''}`);
  const status = phone.getByTestId('status');
  await status.filter({ hasText: /^(Playing|Tap to play)$/ }).waitFor({ timeout: 20_000 });
  if ((await status.textContent())?.trim() === 'Tap to play') {
    await phone.getByRole('button', { name: 'Tap to play' }).click();
  }
  await status.filter({ hasText: 'Playing' }).waitFor({ timeout: 10_000 });
  return { laptop, phone, errors };
}

stereo('the test sound arrives with left and right apart, each 20 dB above the other side', async ({ sono, browser }) => {
  const { laptop, phone, errors } = await listenTo(sono, browser, 'music');

  const levels = await channelLevelsOfPlayingAudio(phone, [TEST_TONE_LEFT_HZ, TEST_TONE_RIGHT_HZ]);
  const [leftInLeft = -Infinity, rightInLeft = -Infinity] = levels.left;
  const [leftInRight = -Infinity, rightInRight = -Infinity] = levels.right;
  const report = `levels (dBFS) L: ${levels.left.map((db) => db.toFixed(1))}, `
    + `R: ${levels.right.map((db) => db.toFixed(1))}`;
  assert.ok(leftInLeft - leftInRight >= 20,
    `${TEST_TONE_LEFT_HZ} Hz is not left only; ${report}`);
  assert.ok(rightInRight - rightInLeft >= 20,
    `${TEST_TONE_RIGHT_HZ} Hz is not right only; ${report}`);
  assert.ok(leftInLeft > -60, `the left tone is too quiet to count; ${report}`);
  assert.ok(rightInRight > -60, `the right tone is too quiet to count; ${report}`);

  await laptop.close();
  await phone.close();
  assert.equal(errors, []);
});

stereo('both sides see live figures for the stream', async ({ sono, browser }) => {
  const { laptop, phone, errors } = await listenTo(sono, browser, 'low-latency');

  const figures = phone.getByTestId('figures');
  await figures.getByText(/^\d+ kbps$/).waitFor({ timeout: 10_000 });
  assert.match(await figures.textContent() ?? '', /Low latency/);
  assert.match(await figures.textContent() ?? '', /Direct between the devices/);
  await figures.getByText(/^\d+ ms/).waitFor({ timeout: 5_000 });
  await laptop.getByTestId('listeners').getByText(/\d+ ms · \d+ kbps · \d+\.\d% loss · direct/)
    .waitFor({ timeout: 10_000 });

  await laptop.close();
  await phone.close();
  assert.equal(errors, []);
});

stereo('a new mode while live reaches the phone without ending its stream', async ({ sono, browser }) => {
  const { laptop, phone, errors } = await listenTo(sono, browser, 'music');
  const figures = phone.getByTestId('figures');
  await figures.getByText('Music').waitFor({ timeout: 10_000 });

  await laptop.getByRole('radio', { name: 'Data saver' }).check();
  await figures.getByText('Data saver').waitFor({ timeout: 20_000 });
  // The phone took the mode's deeper buffer, and still plays.
  await phone.getByLabel(/^Buffer/).and(phone.locator('[aria-valuetext="150 milliseconds"]'))
    .waitFor({ timeout: 5_000 });
  assert.is((await phone.getByTestId('status').textContent())?.trim(), 'Playing');
  await laptop.getByTestId('listeners').getByText('Listener 1').waitFor();

  await laptop.close();
  await phone.close();
  assert.equal(errors, []);
});

stereo.run();
