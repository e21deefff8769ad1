import type { Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { freshEmail, PASSWORD } from '../helpers/accounts.ts';
import { collectPageErrors, launchChromium, newDevicePage } from '../helpers/browser.ts';
import { startTestSono, type TestSono } from '../helpers/sono.ts';

const account = suite<{ sono: TestSono; browser: Browser }>('e2e/account');

account.before(async (context) => {
  context.sono = await startTestSono();
  context.browser = await launchChromium();
});
account.after(async ({ sono, browser }) => {
  await browser?.close();
  await sono?.close();
});

account('signs up, shows the plan, signs out, and deletes after confirming', async ({ sono, browser }) => {
  const page = await newDevicePage(browser);
  const errors = collectPageErrors(page);
  const email = freshEmail('browser');
  await page.goto(`${sono.url}/account`);
  assert.equal(await page.context().cookies(), []);

  const create = page.locator('form').filter({ hasText: 'Create account' });
  await create.getByLabel('E-mail').fill(email);
  await create.getByLabel(/Password/).fill(PASSWORD);
  await create.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: email }).waitFor();
  assert.match((await page.getByTestId('signed-in-as').textContent()) ?? '', /plan\s+free/);
  const [cookie] = await page.context().cookies();
  assert.is(cookie?.name, 'sono_token');
  assert.is(cookie?.httpOnly, true);
  assert.is(cookie?.sameSite, 'Lax');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.context().cookies(), []);

  const signIn = page.locator('form').filter({ hasText: 'Sign in' });
  await signIn.getByLabel('E-mail').fill(email);
  await signIn.getByLabel('Password').fill(PASSWORD);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();

  page.once('dialog', (dialog) => void dialog.accept());
  const remove = page.locator('form').filter({ hasText: 'Delete my account' });
  await remove.getByLabel('Password').fill(PASSWORD);
  await remove.getByRole('button', { name: /Delete my account/ }).click();
  await page.getByTestId('notice').filter({ hasText: 'deleted' }).waitFor();
  assert.equal(await page.context().cookies(), []);
  assert.equal(errors, []);
});

account('shows the privacy page', async ({ sono, browser }) => {
  const page = await newDevicePage(browser);
  await page.goto(`${sono.url}/privacy`);
  await page.getByRole('heading', { name: 'What we keep' }).waitFor();
  assert.is(await page.title(), 'Privacy · Sono');
});

account.run();
