import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { COOLDOWN_KEY } from '../../pwa/src/lib/cooldown.ts';
import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';

const cooldown = suite<{ sono: TestSono; browser: Browser }>('e2e/cooldown');

cooldown.before(async (context) => {
  // Seconds-long free sessions and cooldowns, so the whole cycle fits in a test.
  context.sono = await startTestSono({ SONO_SESSION_MINUTES: '0.1', SONO_COOLDOWN_MINUTES: '0.1' });
  context.browser = await launchChromium();
});
cooldown.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

cooldown('a free session runs out, the laptop counts down the cooldown, then forgets it', async ({ sono, browser }) => {
  const laptop = await newDevicePage(browser);
  const errors = collectPageErrors(laptop);
  const stored = () => laptop.evaluate((key) => localStorage.getItem(key), COOLDOWN_KEY);

  await laptop.goto(`${sono.url}/send`);
  assert.is(await stored(), null);
  await laptop.getByRole('button', { name: 'Test sound' }).click();
  await laptop.getByTestId('pairing-code').waitFor({ timeout: 10_000 });

  await laptop.getByRole('heading', { name: 'Stream ended' }).waitFor({ timeout: 30_000 });
  const countdown = laptop.getByTestId('cooldown');
  await countdown.waitFor();
  assert.match((await countdown.textContent()) ?? '', /next one can start in\s+0:0\d/);
  assert.ok(Number(await stored()) > Date.now() - 60_000, 'the cooldown end is kept in localStorage');
  assert.ok(await laptop.getByRole('button', { name: 'Start again' }).isDisabled());

  await countdown.waitFor({ state: 'detached', timeout: 30_000 });
  assert.is(await stored(), null);
  assert.ok(await laptop.getByRole('button', { name: 'Start again' }).isEnabled());
  assert.equal(errors, []);
});

cooldown.run();
