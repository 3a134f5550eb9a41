import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { seedLog } from '../support/seed-exchanges';
import { tempDir } from '../support/temp';

const SCHEMES = ['light', 'dark'] as const;

describe('Settings → Deliveries and captures in Chromium: the exchange log retention', () => {
  const tmp = tempDir('hb-e2e-exchange-retention-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await seedLog(tmp.dir, { rows: 120 });
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    tmp.cleanup();
  });

  it('shows what the log holds and its limits, refuses a bad number, saves, and the change is in the audit log', async () => {
    const panel = page.getByRole('region', { name: 'Deliveries and captures' });
    const form = panel.getByRole('form', { name: 'Exchange log retention' });
    const days = form.getByLabel('Keep for');
    const rows = form.getByLabel('at most');
    await expect.poll(() => days.inputValue()).toBe('90');
    expect(await rows.inputValue()).toBe('1000000');
    await expect
      .poll(() => panel.getByTestId('storage-info').textContent())
      .toContain('The log holds 90 deliveries and 30 captures (120 rows, ');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `settings-exchange-retention-1024x700-${colorScheme}`);
    }

    await rows.fill('many');
    await form.getByRole('button', { name: 'Save' }).click();
    await form
      .getByRole('alert')
      .getByText('Rows: a whole number from 0 to 1,000,000,000; 0 sets no row limit.')
      .waitFor();
    expect(await rows.getAttribute('aria-invalid')).toBe('true');

    await days.fill('0');
    await rows.fill('50');
    await form.getByRole('button', { name: 'Save' }).click();
    await form
      .getByRole('status')
      .getByText('Saved. Kept with no age limit, at most 50 of them; the oldest go first.')
      .waitFor();
    expect(await hb.rpc('getRetention', {})).toEqual({ maxAgeDays: 0, maxRows: 50 });
    // the pass that starts on the change removed the oldest 70
    await expect
      .poll(async () => (await hb.rpc<{ rows: { exchanges: number } }>('getStorageInfo', {})).rows.exchanges)
      .toBe(50);
    await expect.poll(() => panel.getByTestId('storage-info').textContent()).toContain('(50 rows, ');
    const audit = page.getByRole('region', { name: 'Audit log' }).getByRole('table', { name: 'Audit log' });
    await expect.poll(() => audit.textContent()).toContain('setRetention');
    expect(await audit.textContent()).toContain('maxRows=50');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await screenshot(page, `settings-exchange-retention-saved-1024x700-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(pageErrors).toEqual([]);
  });
});
