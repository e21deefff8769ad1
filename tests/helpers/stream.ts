import type { Browser, Page } from 'playwright-core';
import * as assert from 'uvu/assert';

import type { QualityMode } from '../../pwa/src/lib/quality.ts';
import { TEST_TONE_LEFT_HZ, TEST_TONE_RIGHT_HZ } from '../../pwa/src/lib/test-sound.ts';
import { spectrumOfPlayingAudio } from './audio.ts';
import { newDevicePage } from './browser.ts';
import type { TestSono } from './sono.ts';

/** The laptop sends the test sound in `mode`; answers the page and the pairing code. */
export async function sendTestSound(sono: TestSono, browser: Browser, mode: QualityMode = 'music',
  prepare?: (laptop: Page) => Promise<void>): Promise<{ laptop: Page; code: string }> {
  const laptop = await newDevicePage(browser);
  await prepare?.(laptop);
  await laptop.goto(`${sono.url}/send`);
  await laptop.locator(`input[name="mode"][value="${mode}"]`).check();
  await laptop.getByRole('button', { name: 'Test sound' }).click();
  const code = (await laptop.getByTestId('pairing-code').textContent({ timeout: 10_000 }))?.trim();
  return { laptop, code: code ?? '' };
}

/** A phone joins by the Listen link and plays; answers its page. */
export async function listenByLink(sono: TestSono, browser: Browser, code: string,
  prepare?: (phone: Page) => Promise<void>): Promise<Page> {
  const phone = await newDevicePage(browser);
  await prepare?.(phone);
  await phone.goto(`${sono.url}/listen#code=${code}`);
  await untilPlaying(phone);
  return phone;
}

/** Waits for the status line to say Playing, tapping to play when asked. */
export async function untilPlaying(phone: Page, timeout = 20_000): Promise<void> {
  const status = phone.getByTestId('status');
  await status.filter({ hasText: /^(Playing|Tap to play)$/ }).waitFor({ timeout });
  if ((await status.textContent())?.trim() === 'Tap to play') {
    await phone.getByRole('button', { name: 'Tap to play' }).click();
  }
  await status.filter({ hasText: 'Playing' }).waitFor({ timeout: 10_000 });
}

/** Analyses what the phone's <audio> receives: one of the test tones, well above the floor. */
export async function assertHearsTestSound(phone: Page, when: string): Promise<void> {
  const spectrum = await spectrumOfPlayingAudio(phone);
  const nearest = Math.min(...[TEST_TONE_LEFT_HZ, TEST_TONE_RIGHT_HZ]
    .map((hz) => Math.abs(spectrum.peakHz - hz)));
  assert.ok(nearest < 10, `${when}: the loudest frequency was ${spectrum.peakHz.toFixed(1)} Hz`);
  assert.ok(spectrum.peakDb - spectrum.floorDb > 30,
    `${when}: the tone stood only ${(spectrum.peakDb - spectrum.floorDb).toFixed(1)} dB above the floor`);
}
