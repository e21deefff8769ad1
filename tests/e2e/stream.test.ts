import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';
import { assertHearsTestSound, untilPlaying } from '../helpers/stream.ts';

const stream = suite<{ sono: TestSono; browser: Browser }>('e2e/stream');

stream.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
stream.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

stream('a listener hears the test sound by code, until the sender stops', async ({ sono, browser }) => {
  // Two contexts, like two devices: nothing shared but the server.
  const laptop = await newDevicePage(browser);
  const phone = await newDevicePage(browser);
  const errors = [...collectPageErrors(laptop), ...collectPageErrors(phone)];
  await phone.addInitScript(recordIceServers);

  await laptop.goto(`${sono.url}/send`);
  await laptop.getByRole('button', { name: 'Test sound' }).click();
  const code = (await laptop.getByTestId('pairing-code').textContent({ timeout: 10_000 }))?.trim();
  assert.match(code ?? '', /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  await phone.goto(`${sono.url}/listen`);
  await phone.getByLabel('Pairing code').fill(code ?? '');
  await phone.getByRole('button', { name: 'Listen' }).click();
  await untilPlaying(phone);
  await assertHearsTestSound(phone, 'at the listener');
  await laptop.getByTestId('listeners').getByText('Listener 1').waitFor();

  const iceServers: unknown = await phone.evaluate('window.__iceServers');
  // The phone answers one call and one data connection, each with Sono's (empty) list.
  assert.equal(iceServers, [[], []], 'peerjs must be given Sono\'s ICE servers, not its own');

  await laptop.getByRole('button', { name: 'Stop streaming' }).click();
  await phone.getByTestId('status')
    .filter({ hasText: /^Ended: the laptop stopped the stream\.$/ }).waitFor({ timeout: 10_000 });
  assert.equal(errors, []);
});

stream.run();

/**
 * Runs in the page: keeps the ICE servers of every RTCPeerConnection that starts
 * negotiating. (peerjs also builds one with its own defaults when it loads, to
 * probe the browser, but closes it without gathering candidates.)
 */
function recordIceServers(): void {
  const seen: unknown[] = [];
  Object.defineProperty(window, '__iceServers', { value: seen });
  const setLocalDescription: (
    this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit,
  ) => Promise<void> = RTCPeerConnection.prototype.setLocalDescription;
  RTCPeerConnection.prototype.setLocalDescription = function record(
    this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit,
  ) {
    seen.push(this.getConfiguration().iceServers ?? []);
    return setLocalDescription.call(this, description);
  };
}
