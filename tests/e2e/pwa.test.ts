import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { seriousViolations } from '../helpers/axe.ts';
import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { buildApp } from '../helpers/build.ts';
import { field, startTestSono, text, type TestSono } from '../helpers/sono.ts';

const pwa = suite<{ sono: TestSono; browser: Browser }>('e2e/pwa');

pwa.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
pwa.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

pwa('serves a manifest with the fields an installable app needs', async ({ sono }) => {
  const html = await (await fetch(`${sono.url}/`)).text();
  const href = /<link rel="manifest" href="([^"]+)"/.exec(html)?.[1];
  assert.is(href, '/manifest.webmanifest');

  const response = await fetch(`${sono.url}${href}`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/manifest\+json/);
  const manifest: unknown = await response.json();
  assert.is(text(manifest, 'name'), 'Sono');
  assert.is(text(manifest, 'short_name'), 'Sono');
  assert.ok(text(manifest, 'description').length > 10);
  assert.is(text(manifest, 'display'), 'standalone');
  assert.match(text(manifest, 'theme_color'), /^#[0-9a-f]{6}$/i);
  assert.match(text(manifest, 'background_color'), /^#[0-9a-f]{6}$/i);
  assert.is(text(manifest, 'start_url'), '/');
  assert.is(text(manifest, 'scope'), '/');

  const shortcuts = list(field(manifest, 'shortcuts')).map((shortcut) => text(shortcut, 'url'));
  assert.equal(shortcuts, ['/send', '/listen']);
});

pwa('the icons and the apple-touch-icon load at their declared sizes', async ({ sono }) => {
  const manifest: unknown = await (await fetch(`${sono.url}/manifest.webmanifest`)).json();
  const icons = list(field(manifest, 'icons')).map((icon) => ({
    src: text(icon, 'src'), sizes: text(icon, 'sizes'), purpose: text(icon, 'purpose'),
  }));
  const sizes = icons.map(({ sizes: declared, purpose }) => `${declared} ${purpose}`);
  assert.equal(sizes.sort(), ['192x192 any', '512x512 any', '512x512 maskable']);

  for (const icon of icons) {
    assert.is(await pngSize(`${sono.url}${icon.src}`), icon.sizes, icon.src);
  }
  const html = await (await fetch(`${sono.url}/listen`)).text();
  const touchIcon = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1];
  assert.is(await pngSize(`${sono.url}${touchIcon}`), '180x180');
  assert.match(html, /<meta name="apple-mobile-web-app-capable" content="yes"/);
});

pwa('the service worker script is revalidated on every load', async ({ sono }) => {
  const response = await fetch(`${sono.url}/sw.js`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
  assert.is(response.headers.get('cache-control'), 'no-cache');
});

pwa('the service worker activates and controls the page', async ({ sono, browser }) => {
  const page = await newDevicePage(browser);
  const errors = collectPageErrors(page);
  await page.goto(`${sono.url}/`);
  await whenControlled(page);

  // The worker takes control while it activates (clients.claim), so give it the
  // moment it needs to finish: a worker that never activates fails here.
  const activated = await page.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout: 20_000 },
  ).then(() => true, () => false);
  assert.ok(activated, 'the controlling service worker reaches "activated"');
  const cached: unknown = await page.evaluate(cachedUrls);
  assert.ok(Array.isArray(cached) && cached.some((url) => /\/index\.html/.test(String(url))),
    'the shell is precached');
  assert.equal(errors, []);
  await page.context().close();
});

pwa('offline, a reload opens the app and says streaming needs a network', async (context) => {
  const { sono, browser } = context;
  const page = await newDevicePage(browser);
  await page.goto(`${sono.url}/listen`);
  await whenControlled(page);

  await page.context().setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Listen' }).waitFor();
  const offline = page.getByTestId('offline');
  await offline.getByText('You are offline.').waitFor();
  assert.match(await offline.innerText(), /Streaming needs a network/);

  // Back online, the notice goes by itself.
  await page.context().setOffline(false);
  await offline.getByText('You are offline.').waitFor({ state: 'detached' });
  await page.context().close();
});

pwa('/api answers are never served from the cache', async ({ sono, browser }) => {
  const page = await newDevicePage(browser);
  await page.goto(`${sono.url}/`);
  await whenControlled(page);

  const fromWorker: boolean[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path === '/api/health') fromWorker.push(response.fromServiceWorker());
  });
  assert.is(await page.evaluate("fetch('/api/health').then((r) => r.status)"), 200);
  assert.equal(fromWorker, [false]);
  const cached: unknown = await page.evaluate(cachedUrls);
  assert.ok(Array.isArray(cached) && cached.length > 0);
  const cachedApi = cached.filter((url) => /\/api\//.test(String(url)));
  assert.equal(cachedApi, []);

  // Offline, the answer seen a moment ago is not replayed: the request fails.
  await page.context().setOffline(true);
  const offline: unknown = await page.evaluate(
    "fetch('/api/health').then(() => 'answered', () => 'failed')");
  assert.is(offline, 'failed');
  await page.context().close();
});

pwa('the shell opens without peerjs, which loads when a stream starts', async (context) => {
  const { sono, browser } = context;
  const page = await newDevicePage(browser);
  await page.goto(`${sono.url}/send`);
  await page.getByRole('button', { name: 'Test sound' }).waitFor();
  const shell = await loadedScripts(page);
  assert.ok(shell.length > 0);
  for (const url of shell) assert.not.ok(await isPeerjs(url), `${url} is peerjs`);

  await page.getByRole('button', { name: 'Test sound' }).click();
  await page.getByTestId('pairing-code').getByText(/-/).waitFor({ timeout: 15_000 });
  const later = (await loadedScripts(page)).filter((url) => !shell.includes(url));
  const peerjs = await Promise.all(later.map(isPeerjs));
  assert.equal(peerjs, [true], `loaded on start: ${later.join(', ')}`);
  await page.context().close();
});

pwa('a new build is found, offered, and loaded only when the user agrees', async (context) => {
  const { sono, browser } = context;
  const nextDir = await mkdtemp(join(tmpdir(), 'sono-next-'));
  try {
    await buildApp(nextDir, 'test-next');
    const page = await newDevicePage(browser);
    const errors = collectPageErrors(page);
    await page.goto(`${sono.url}/listen`);
    await whenControlled(page);
    const version = page.getByTestId('version');
    const current = await version.innerText();
    assert.not.match(current, /test-next/);

    // The same origin now serves the new build, as after a deploy.
    const port = new URL(sono.url).port;
    await sono.close();
    context.sono = await startTestSono({ PORT: port }, nextDir);
    await page.evaluate('navigator.serviceWorker.getRegistration().then((r) => r.update())');

    const prompt = page.getByTestId('update');
    await prompt.getByText('A new version of Sono is ready.').waitFor({ timeout: 20_000 });
    assert.match(await prompt.innerText(), /ends a stream in progress/);
    assert.is(await version.innerText(), current, 'nothing reloads before the user agrees');
    assert.equal(await seriousViolations(page), [], 'the prompt is accessible');

    await prompt.getByRole('button', { name: 'Update now' }).click();
    await version.getByText('Sono test-next').waitFor({ timeout: 20_000 });
    assert.is(await prompt.innerText(), '');
    assert.equal(errors, []);
    await page.context().close();
  } finally {
    await rm(nextDir, { recursive: true, force: true });
  }
});

pwa.run();

async function whenControlled(page: Page): Promise<void> {
  // A function, not a string: the app's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 20_000,
  });
}

/** Runs in the page: every URL in every cache. */
async function cachedUrls(): Promise<string[]> {
  const urls: string[] = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    urls.push(...(await cache.keys()).map((request) => request.url));
  }
  return urls;
}

/** The scripts the page has loaded so far, from the network or the service worker. */
async function loadedScripts(page: Page): Promise<string[]> {
  const urls: unknown = await page.evaluate(
    "performance.getEntriesByType('resource').map((entry) => entry.name)");
  if (!Array.isArray(urls)) throw new Error('no resource timing');
  return urls.map(String).filter((url) => new URL(url).pathname.endsWith('.js'));
}

/** Whether a script is the peerjs library: only it names the public PeerJS cloud. */
async function isPeerjs(url: string): Promise<boolean> {
  return (await (await fetch(url)).text()).includes('0.peerjs.com');
}

function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected a list, got ${JSON.stringify(value)}`);
  return value;
}

/** "WxH" from a PNG's header, fetched like the browser would fetch it. */
async function pngSize(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  assert.is(response.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await response.arrayBuffer());
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

