import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { seriousViolations } from '../helpers/axe.ts';
import { launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';

const PHONE = { width: 360, height: 740 };
const LAPTOP = { width: 1280, height: 800 };
const SCHEMES = ['light', 'dark'] as const;

const a11y = suite<{ sono: TestSono; browser: Browser }>('e2e/a11y');

a11y.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
a11y.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

a11y('home has no serious accessibility problems, light or dark', async ({ sono, browser }) => {
  await check(browser, PHONE, `${sono.url}/`, async (page) => {
    await page.getByRole('link', { name: 'Listen' }).waitFor();
  });
});

a11y('Listen on a phone has no serious problems and fits the screen', async ({ sono, browser }) => {
  await check(browser, PHONE, `${sono.url}/listen`, async (page) => {
    await page.getByLabel('Pairing code').waitFor();
    const sideways: unknown = await page.evaluate(
      'document.documentElement.scrollWidth > document.documentElement.clientWidth');
    assert.is(sideways, false, 'Listen scrolls sideways on a 360 px wide phone');
  });
});

a11y('Listen with an error and offline has no serious problems', async ({ sono, browser }) => {
  await check(browser, PHONE, `${sono.url}/listen`, async (page) => {
    await page.getByLabel('Pairing code').fill('nope');
    await page.getByRole('button', { name: 'Listen' }).click();
    await page.getByTestId('status').getByText(/^Error: /).waitFor();
    await page.context().setOffline(true);
    await page.getByTestId('offline').getByText('You are offline.').waitFor();
  });
});

a11y('Send, choosing a source, has no serious problems', async ({ sono, browser }) => {
  await check(browser, LAPTOP, `${sono.url}/send`, async (page) => {
    await page.getByRole('button', { name: 'Test sound' }).waitFor();
  });
});

a11y('Send, streaming with its pairing code, has no serious problems', async (context) => {
  const { sono, browser } = context;
  await check(browser, LAPTOP, `${sono.url}/send`, async (page) => {
    await page.getByRole('button', { name: 'Test sound' }).click();
    await page.getByTestId('pairing-code').getByText(/-/).waitFor({ timeout: 15_000 });
  });
});

a11y.run();

/**
 * Opens `url` in each colour scheme, brings the page into the state to check, and
 * asserts that axe finds nothing serious or critical and that the Tab key reaches
 * every control.
 */
async function check(
  browser: Browser,
  viewport: { width: number; height: number },
  url: string,
  arrange: (page: Page) => Promise<void>,
): Promise<void> {
  for (const colorScheme of SCHEMES) {
    const page = await newDevicePage(browser);
    try {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await page.goto(url);
      await arrange(page);

      const found = await seriousViolations(page);
      assert.equal(found, [], `${colorScheme}: ${JSON.stringify(found, null, 2)}`);
      assert.equal(await unreachableByTab(page), [], `${colorScheme}: not reachable by Tab`);
    } finally {
      await page.context().close();
    }
  }
}

/** The enabled controls (anywhere, shadow roots included) that Tab never lands on. */
async function unreachableByTab(page: Page): Promise<string[]> {
  const count: unknown = await page.evaluate(markControls);
  if (typeof count !== 'number') throw new Error('could not list the controls');
  const reached = new Set<string>();
  for (let press = 0; press < count + 3; press += 1) {
    await page.keyboard.press('Tab');
    const mark: unknown = await page.evaluate(focusedMark);
    if (typeof mark === 'string') reached.add(mark);
  }
  const all: unknown = await page.evaluate(controlNames);
  if (!Array.isArray(all)) throw new Error('could not name the controls');
  return all.map(String).filter((_name, index) => !reached.has(String(index)));
}

/** Runs in the page: numbers every enabled control, and says how many there are. */
function markControls(): number {
  const CONTROLS = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled])';
  const found: HTMLElement[] = [];
  // A radio group is one Tab stop, its checked radio; arrow keys move within it.
  const inCheckedGroup = (root: Document | ShadowRoot, element: HTMLElement): boolean =>
    element instanceof HTMLInputElement && element.type === 'radio' && !element.checked
    && [...root.querySelectorAll('input[type=radio]')].some((radio) =>
      radio instanceof HTMLInputElement && radio.name === element.name && radio.checked);
  const walk = (root: Document | ShadowRoot): void => {
    for (const element of root.querySelectorAll<HTMLElement>('*')) {
      if (element.matches(CONTROLS) && !inCheckedGroup(root, element)) found.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  found.forEach((element, index) => (element.dataset.control = String(index)));
  return found.length;
}

/** Runs in the page: the mark of the element that has focus, through shadow roots. */
function focusedMark(): string | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active.dataset.control : undefined;
}

/** Runs in the page: a readable name for each marked control, in mark order. */
function controlNames(): string[] {
  const names: string[] = [];
  const walk = (root: Document | ShadowRoot): void => {
    for (const element of root.querySelectorAll<HTMLElement>('*')) {
      const mark = element.dataset.control;
      const text = element.textContent?.trim() ?? '';
      if (mark !== undefined) names[Number(mark)] = `${element.tagName.toLowerCase()} "${text}"`;
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return names;
}
