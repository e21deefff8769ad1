import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startCoturn, type Coturn } from '../helpers/coturn.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';
import { assertHearsTestSound, sendTestSound, untilPlaying } from '../helpers/stream.ts';

const relay = suite<{ coturn: Coturn; sono: TestSono; browser: Browser }>('e2e/relay');

relay.before(async (context) => {
  context.coturn = await startCoturn();
  context.sono = await startTestSono({
    SONO_TURN_URLS: context.coturn.url, SONO_TURN_SECRET: context.coturn.secret, SONO_RELAY_ONLY: 'true',
  });
  context.browser = await launchChromium();
});
relay.after(async ({ browser, sono, coturn }) => {
  await browser?.close();
  await sono?.close();
  await coturn?.stop();
});

relay('with relay-only forced, the sound arrives through coturn', async ({ sono, browser }) => {
  const { code } = await sendTestSound(sono, browser);
  const phone = await newDevicePage(browser);
  await phone.addInitScript(keepPeerConnections);
  await phone.goto(`${sono.url}/listen#code=${code}`);
  await untilPlaying(phone);

  await assertHearsTestSound(phone, 'through the relay');
  assert.equal(await selectedPairTypes(phone), ['relay']);
});

relay('in Ultra-low latency over the relay, the laptop sends Opus and the phone plays it', async ({
  sono, browser,
}) => {
  const { laptop, code } = await sendTestSound(sono, browser, 'ultra');
  const phone = await newDevicePage(browser);
  const errors = [...collectPageErrors(laptop), ...collectPageErrors(phone)];
  await phone.addInitScript(keepPeerConnections);
  await phone.goto(`${sono.url}/listen#code=${code}`);
  await untilPlaying(phone);

  await phone.getByTestId('ultra').filter({ hasText: /^Ultra-low latency: on \(Opus;/ })
    .waitFor({ timeout: 15_000 });
  await assertHearsTestSound(phone, 'through the ultra-low-latency path in Opus, relayed');
  assert.equal(await selectedPairTypes(phone), ['relay']);
  assert.equal(errors, []);
});

relay.run();

/** Runs in the page: keeps every RTCPeerConnection that starts negotiating. */
function keepPeerConnections(): void {
  const connections: RTCPeerConnection[] = [];
  Object.defineProperty(window, '__connections', { value: connections });
  const setRemoteDescription: (
    this: RTCPeerConnection, description: RTCSessionDescriptionInit,
  ) => Promise<void> = RTCPeerConnection.prototype.setRemoteDescription;
  RTCPeerConnection.prototype.setRemoteDescription = function keep(
    this: RTCPeerConnection, description: RTCSessionDescriptionInit,
  ) {
    if (!connections.includes(this)) connections.push(this);
    return setRemoteDescription.call(this, description);
  };
}

/** The local candidate types of the selected pair of each connection carrying audio. */
async function selectedPairTypes(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const connections = Reflect.get(window, '__connections');
    if (!Array.isArray(connections)) throw new Error('connections were not recorded');
    const types = new Set<string>();
    for (const connection of connections) {
      if (!(connection instanceof RTCPeerConnection)) continue;
      if (!connection.getReceivers().some((receiver) => receiver.track.kind === 'audio')) continue;
      const stats = await connection.getStats();
      stats.forEach((report: { type: string; selectedCandidatePairId?: string }) => {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) return;
        const pair = stats.get(report.selectedCandidatePairId);
        const local = stats.get(pair?.localCandidateId);
        const remote = stats.get(pair?.remoteCandidateId);
        types.add(String(local?.candidateType));
        types.add(String(remote?.candidateType));
      });
    }
    return [...types];
  });
}
