import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { seedLog } from '../support/seed-exchanges';
import { tempDir } from '../support/temp';
import { makeTestCert, type TestCert } from '../support/tls-cert';

const ADMIN = 'ada@example.org';
const ADMIN_PASSWORD = 'correct horse battery staple';
const VIEWER = 'sam@example.org';
const VIEWER_PASSWORD = 'support staff passphrase';
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** The page as it is now at every size, in the system's light and dark schemes (the theme follows the system). */
async function shots(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  for (const size of SIZES)
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await before?.();
      await screenshot(page, `${name}-${size.width}x${size.height}-${colorScheme}`);
    }
  await page.emulateMedia({ colorScheme: 'light' });
}

const rowsOf = (page: Page) =>
  page.getByRole('grid', { name: 'Exchanges' }).locator('.exchange-scroll [role="row"][data-id]');

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.keyboard.press('Enter');
}

describe('a team in Chromium: the admin creates a viewer, who signs in, reads and cannot replay', () => {
  const tmp = tempDir('hb-e2e-accounts-');
  let cert: TestCert;
  let hb: HeadlessProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cert = makeTestCert(tmp.dir);
    await seedLog(tmp.dir, { rows: 300, subscription: { name: 'Billing', url: 'http://127.0.0.1:9/hooks' } });
    hb = await startHeadless(
      tmp.dir,
      ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile, '--receiver-port', '0'],
      {
        HOOKBENCH_ADMIN_EMAIL: ADMIN,
        HOOKBENCH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    );
    browser = await launchChromium();
    // The certificate was made for this test: Chromium is told to accept it (a team uses a real one).
    context = await browser.newContext({ viewport: SIZES[1], ignoreHTTPSErrors: true });
    page = await context.newPage();
    page.on('pageerror', (e) => {
      if (!/\[createInstance\] \w+ depends on UNKNOWN service/.test(String(e))) pageErrors.push(String(e));
    });
    await page.goto(hb.url);
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    await cert?.agent.close();
    tmp.cleanup();
  });

  it('asks for a sign-in, says what is wrong, and lets the admin in with the keyboard', async () => {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('username');
    await shots(page, 'sign-in');
    await signIn(page, ADMIN, 'not my password at all');
    await page.getByText('Wrong email or password.').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('current-password');
    await shots(page, 'sign-in-wrong-password');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    const who = page.getByRole('region', { name: 'Signed in' });
    await who.getByText(ADMIN).waitFor();
    expect(await page.getByTestId('current-role').textContent()).toBe('Admin');
  });

  it('the admin creates a viewer in Settings and sees it in the users list and the audit log', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const users = page.getByRole('region', { name: 'Users' });
    await users.getByLabel('Email', { exact: true }).fill(VIEWER);
    await users.getByLabel('Role', { exact: true }).selectOption('viewer');
    await users.getByLabel('Password', { exact: true }).fill(VIEWER_PASSWORD);
    await users.getByRole('button', { name: 'Create user' }).click();
    await users.getByText(`Created ${VIEWER} as Viewer.`).waitFor();
    const row = users.getByRole('table', { name: 'Users' }).locator(`tr[data-user="${VIEWER}"]`);
    expect(await row.getByLabel(`Role of ${VIEWER}`).inputValue()).toBe('viewer');
    const audit = page.getByRole('region', { name: 'Audit log' });
    await audit.getByRole('table', { name: 'Audit log' }).getByText('createUser').first().waitFor();
    await expect.poll(() => audit.getByRole('table', { name: 'Audit log' }).textContent()).toContain(`email=${VIEWER}`);
    await shots(page, 'settings-users', () => users.evaluate((el) => el.scrollIntoView({ block: 'start' })));
    await shots(page, 'settings-audit', () => audit.evaluate((el) => el.scrollIntoView({ block: 'start' })));
    await page.getByRole('region', { name: 'Signed in' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('the viewer signs in, searches and opens a delivery, and finds Replay disabled with the reason', async () => {
    await signIn(page, VIEWER, VIEWER_PASSWORD);
    await page.getByRole('region', { name: 'Signed in' }).getByText(VIEWER).waitFor();
    expect(await page.getByTestId('current-role').textContent()).toBe('Viewer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
    await rowsOf(page).first().waitFor();
    await page.getByLabel('Kind').selectOption('delivery');
    await page.getByRole('searchbox', { name: /Search/ }).fill('invoice.paid');
    // the list has applied both filters: the URL holds them and every row shown is a delivery of that event
    await expect.poll(() => page.url()).toMatch(/kind=delivery.*q=invoice\.paid|q=invoice\.paid.*kind=delivery/);
    await expect
      .poll(async () =>
        (
          await rowsOf(page).evaluateAll((rs) =>
            rs.map((r) => `${r.getAttribute('data-id')?.slice(0, 4)} ${r.querySelector('.c-event')?.textContent}`),
          )
        ).every((t) => t === 'dlv_ invoice.paid'),
      )
      .toBe(true);
    const id = await rowsOf(page).first().getAttribute('data-id');
    await rowsOf(page).first().click();
    await page.keyboard.press('Enter');
    const pane = page.locator(`aside[aria-label="Exchange detail"][data-id="${id}"]`);
    await pane.waitFor();
    const toolbar = pane.getByRole('toolbar', { name: 'Exchange actions' });
    const replay = toolbar.getByRole('button', { name: 'Replay', exact: true });
    expect(await replay.isDisabled()).toBe(true);
    expect(await replay.getAttribute('title')).toMatch(/Needs the Editor role; you are a Viewer/);
    expect(await toolbar.getByRole('button', { name: 'Edit & replay' }).isDisabled()).toBe(true);
    expect(await pane.getByRole('note').textContent()).toMatch(/Replay: Needs the Editor role; you are a Viewer/);
    // still free to read and export
    const exportMenu = toolbar.locator('details.menu > summary', { hasText: 'Export' });
    expect(await exportMenu.getAttribute('aria-disabled')).toBeNull();
    await exportMenu.click();
    expect(await toolbar.getByRole('button', { name: 'Export as HAR' }).isDisabled()).toBe(false);
    await exportMenu.click();
    // and the r shortcut does nothing either
    await page.keyboard.press('r');
    expect(await pane.getByTestId('replay-result').count()).toBe(0);
    await shots(page, 'viewer-replay-disabled');
    // Settings holds only the viewer's own account
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('region', { name: 'Your account' }).waitFor();
    expect(await page.getByRole('region', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Audit log' }).count()).toBe(0);
    // and the exchange log's retention read-only: what is kept, no form to change it
    const retention = page.getByRole('region', { name: 'Deliveries and captures' });
    await expect
      .poll(() => retention.getByTestId('retention-read-only').textContent())
      .toBe('Kept for 90 days, at most 1,000,000 of them; the oldest go first. An admin can change this.');
    expect(await retention.getByRole('form').count()).toBe(0);
    await retention.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `viewer-exchange-retention-${SIZES[1].width}x${SIZES[1].height}-light`);
    expect(pageErrors).toEqual([]);
  });
});
