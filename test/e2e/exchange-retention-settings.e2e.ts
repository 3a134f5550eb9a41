import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useHeadlessPage } from '../support/headless-page';
import { seedLog } from '../support/seed-exchanges';

const SCHEMES = ['light', 'dark'] as const;

describe('Settings → Deliveries and captures in Chromium: the exchange log retention', () => {
  const ui = useHeadlessPage('hb-e2e-exchange-retention-', {
    viewport: { width: 1024, height: 700 },
    args: ['--receiver-port', '0'],
    view: 'Settings',
    seed: (dataDir) => seedLog(dataDir, { rows: 120 }),
  });

  it('shows what the log holds and its limits, refuses a bad number, saves, and the change is in the audit log', async () => {
    const panel = ui.page.getByRole('region', { name: 'Deliveries and captures' });
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
      await ui.page.emulateMedia({ colorScheme });
      await screenshot(ui.page, `settings-exchange-retention-1024x700-${colorScheme}`);
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
    expect(await ui.hb.rpc('getRetention', {})).toEqual({ maxAgeDays: 0, maxRows: 50 });
    // the pass that starts on the change removed the oldest 70
    await expect
      .poll(async () => (await ui.hb.rpc<{ rows: { exchanges: number } }>('getStorageInfo', {})).rows.exchanges)
      .toBe(50);
    await expect.poll(() => panel.getByTestId('storage-info').textContent()).toContain('(50 rows, ');
    const audit = ui.page.getByRole('region', { name: 'Audit log' }).getByRole('table', { name: 'Audit log' });
    await expect.poll(() => audit.textContent()).toContain('setRetention');
    expect(await audit.textContent()).toContain('maxRows=50');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const colorScheme of SCHEMES) {
      await ui.page.emulateMedia({ colorScheme });
      await screenshot(ui.page, `settings-exchange-retention-saved-1024x700-${colorScheme}`);
    }
    await ui.page.emulateMedia({ colorScheme: 'light' });
    expect(ui.pageErrors).toEqual([]);
  });
});
