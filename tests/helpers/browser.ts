import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SONO_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Debian's Chromium, headless, allowed to play and capture without prompts. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) `
      + 'or point SONO_CHROMIUM at one.');
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export function chromiumVersion(): string {
  return spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/**
 * The page's uncaught errors and Content-Security-Policy refusals, so a test
 * fails with the cause rather than a timeout far from it.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  return errors;
}

/**
 * A page in a context of its own, like a separate device. tsx compiles the
 * functions tests hand to page.evaluate with esbuild's keepNames, which calls a
 * `__name` helper that only exists in Node; the page gets a harmless one.
 */
export async function newDevicePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript('globalThis.__name ??= (target) => target;');
  return context.newPage();
}
