import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { until } from '../helpers/broker-client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';
import { assertHearsTestSound, listenByLink, sendTestSound, untilPlaying } from '../helpers/stream.ts';

const reconnect = suite<{ browser: Browser; dataDir: string }>('e2e/reconnect');

reconnect.before(async (context) => {
  context.browser = await launchChromium();
  context.dataDir = await mkdtemp(join(tmpdir(), 'sono-reconnect-'));
});
reconnect.after(async ({ browser, dataDir }) => {
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

reconnect('the server restarts mid-stream: sound goes on, both sides come back', async ({ browser, dataDir }) => {
  let sono: TestSono = await startTestSono({ SONO_DATA_DIR: dataDir });
  const port = new URL(sono.url).port;
  try {
    const { laptop, code } = await sendTestSound(sono, browser);
    const phone = await listenByLink(sono, browser, code);
    await until(() => sono.connectedPeers() === 2, 10_000);

    await sono.close();
    await assertHearsTestSound(phone, 'while the server is down');

    sono = await startTestSono({ SONO_DATA_DIR: dataDir, PORT: port });
    await until(() => sono.connectedPeers() === 2, 30_000);
    await assertHearsTestSound(phone, 'after the restart');
    assert.is((await phone.getByTestId('status').textContent())?.trim(), 'Playing');

    // A new phone can join: the laptop is on the new broker, not just still streaming.
    const second = await listenByLink(sono, browser, code);
    await assertHearsTestSound(second, 'a phone that joined after the restart');
    await laptop.context().close();
  } finally {
    await sono.close();
  }
});

reconnect('the laptop reloads: the phone hears the test sound again by itself', async ({ browser, dataDir }) => {
  const sono = await startTestSono({ SONO_DATA_DIR: join(dataDir, 'reload-laptop') });
  try {
    const { laptop, code } = await sendTestSound(sono, browser);
    const phone = await listenByLink(sono, browser, code);

    await laptop.reload();
    await laptop.getByTestId('pairing-code').filter({ hasText: code }).waitFor({ timeout: 15_000 });
    await phone.getByTestId('status').filter({ hasText: /^Reconnecting…$/ }).waitFor({ timeout: 10_000 });
    await untilPlaying(phone, 30_000);
    await assertHearsTestSound(phone, 'after the laptop reloaded');
    await laptop.context().close();
  } finally {
    await sono.close();
  }
});

reconnect('the phone reloads: it hears the test sound again by itself', async ({ browser, dataDir }) => {
  const sono = await startTestSono({ SONO_DATA_DIR: join(dataDir, 'reload-phone') });
  try {
    const { laptop, code } = await sendTestSound(sono, browser);
    const phone = await listenByLink(sono, browser, code);

    await phone.reload();
    await untilPlaying(phone, 30_000);
    await assertHearsTestSound(phone, 'after the phone reloaded');
    await laptop.context().close();
  } finally {
    await sono.close();
  }
});

reconnect.run();
