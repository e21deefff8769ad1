/**
 * `npm run icons`: renders icons/sono.svg into the PNG sizes the web app manifest
 * and iOS name, in Debian's Chromium (the same one the tests use), so no native image
 * library is needed. The PNGs are committed: building the app never needs Chromium.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const ICONS = fileURLToPath(new URL('../icons/', import.meta.url));
const CHROMIUM = process.env.SONO_CHROMIUM ?? '/usr/bin/chromium';

/**
 * `bleed` icons are square and opaque: the launcher (Android's mask, iOS's rounded
 * corners) cuts their shape. Their artwork is scaled into the central 80%, the safe
 * zone every mask keeps, and the corners take the background's colour.
 */
const OUTPUTS = [
  { file: 'icon-192.png', size: 192, bleed: false },
  { file: 'icon-512.png', size: 512, bleed: false },
  { file: 'maskable-512.png', size: 512, bleed: true },
  { file: 'apple-touch-icon.png', size: 180, bleed: true },
] as const;

const SAFE_ZONE = 0.8;

const svg = await readFile(`${ICONS}sono.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox'],
});
try {
  const page = await browser.newPage();
  for (const output of OUTPUTS) {
    await render(page, output.size, output.bleed);
    await page.screenshot({ path: `${ICONS}${output.file}`, omitBackground: !output.bleed });
    process.stdout.write(`icons/${output.file} (${output.size}×${output.size})\n`);
  }
} finally {
  await browser.close();
}

async function render(page: Page, size: number, bleed: boolean): Promise<void> {
  await page.setViewportSize({ width: size, height: size });
  const scale = bleed ? SAFE_ZONE : 1;
  await page.setContent(`<!doctype html>
    <style>
      html, body { margin: 0; width: ${size}px; height: ${size}px; background: transparent; }
      body { display: grid; place-items: center; }
      svg { width: ${size * scale}px; height: ${size * scale}px; display: block; }
    </style>
    ${svg}`);
  if (!bleed) return;
  // A string, not a function: tsx would wrap a function in a helper the page lacks.
  const colour: unknown = await page.evaluate(
    "getComputedStyle(document.getElementById('background')).fill");
  if (typeof colour !== 'string') throw new Error('icons/sono.svg needs a #background shape');
  await page.evaluate(`document.body.style.background = ${JSON.stringify(colour)}`);
}
