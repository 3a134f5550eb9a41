import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { seedAuditHistory } from '../support/audit-history';
import { screenshot } from '../support/browser';
import { useHeadlessPage } from '../support/headless-page';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const OLD = 120;

/** How many lines the form's controls take: a control starting below the first line's bottom starts another. */
async function linesOf(form: Locator): Promise<number> {
  return form.evaluate((el) => {
    const boxes = [...el.children].map((c) => c.getBoundingClientRect()).filter((b) => b.width > 0);
    const lines: number[] = [];
    for (const b of boxes) if (!lines.some((bottom) => b.top < bottom)) lines.push(b.bottom);
    return lines.length;
  });
}

describe('Settings → Audit log in Chromium: the filter bar and the retention setting', () => {
  const ui = useHeadlessPage('hb-e2e-audit-', {
    viewport: SIZES[0],
    args: ['--receiver-port', '0'],
    view: 'Settings',
    // entries from before the retention: removed at start, and the removal recorded
    seed: (dataDir) => seedAuditHistory(dataDir, [{ daysAgo: 200, count: OLD }]),
  });

  it('shows the removal of old entries as a sentence by Hookbench', async () => {
    const table = ui.page.getByRole('region', { name: 'Audit log' }).getByRole('table', { name: 'Audit log' });
    await expect.poll(() => table.textContent()).toContain(`audit entries older than 90 days removed: ${OLD}`);
    expect(await table.textContent()).toContain('Hookbench via retention');
  });

  it('keeps the filter bar on one line at 1024 and 1440 px, light and dark', async () => {
    const panel = ui.page.getByRole('region', { name: 'Audit log' });
    const filter = ui.page.getByRole('form', { name: 'Filter the audit log' });
    for (const size of SIZES)
      for (const colorScheme of SCHEMES) {
        await ui.page.setViewportSize(size);
        await ui.page.emulateMedia({ colorScheme });
        await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        expect(await linesOf(filter), `${size.width}px ${colorScheme}`).toBe(1);
        await screenshot(ui.page, `settings-audit-${size.width}x${size.height}-${colorScheme}`);
      }
    await ui.page.emulateMedia({ colorScheme: 'light' });
  });

  it('sets how long entries are kept, refuses what is not a number of days, and the change is in the log', async () => {
    await ui.page.setViewportSize(SIZES[0]);
    const retention = ui.page.getByRole('form', { name: 'Audit log retention' });
    const days = retention.getByLabel('Keep entries for');
    await expect.poll(() => days.inputValue()).toBe('90');
    await days.fill('-3');
    await retention.getByRole('button', { name: 'Save' }).click();
    await retention.getByRole('alert').getByText('Whole days from 0 to 36500; 0 keeps every entry.').waitFor();
    await days.fill('30');
    await retention.getByRole('button', { name: 'Save' }).click();
    await retention.getByRole('status').getByText('Saved. Entries older than 30 days are removed.').waitFor();
    const table = ui.page.getByRole('region', { name: 'Audit log' }).getByRole('table', { name: 'Audit log' });
    await expect.poll(() => table.textContent()).toContain('setAuditRetention');
    expect(await table.textContent()).toContain('maxAgeDays=30');
    for (const colorScheme of SCHEMES) {
      await ui.page.emulateMedia({ colorScheme });
      await ui.page.getByRole('region', { name: 'Audit log' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(ui.page, `settings-audit-retention-saved-1024x700-${colorScheme}`);
    }
    expect(ui.pageErrors).toEqual([]);
  });
});
