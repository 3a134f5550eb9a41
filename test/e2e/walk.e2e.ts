import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { seedLog } from '../support/seed-exchanges';
import { tempDir } from '../support/temp';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const WRONG = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

/**
 * A new user's walk through every view, watching the console and the network
 * as DevTools would, then the layout at 1024×700 and 1440×900, light and dark.
 */
describe('every view in Chromium: a clean console, and a layout that fits from 1024×700 up', () => {
  const tmp = tempDir('hb-e2e-walk-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let target: WebhookServer;

  beforeAll(async () => {
    target = await startWebhookServer((_q, res) => {
      res.statusCode = 500;
      res.end('{"error":"database is down"}');
    });
    await seedLog(tmp.dir, { rows: 300, subscription: { name: 'Local target', url: target.url } });
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    const res = await fetch(`${hb.origin}/rpc/createInbox`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hb.token}` },
      body: JSON.stringify({ name: 'my-app', verification: { profile: 'standard-webhooks', secrets: [SECRET] } }),
    });
    const inbox = ((await res.json()) as { value: { url: string } }).value;
    for (let i = 0; i < 4; i++) {
      const body = JSON.stringify({ type: 'user.created', data: { id: `usr_${i}`, email: `ada${i}@example.org` } });
      const at = new Date();
      await fetch(inbox.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_${i}`,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(i === 1 ? WRONG : SECRET).sign(`msg_${i}`, at, body),
        },
        body,
      });
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    await target?.close();
    tmp.cleanup();
  });

  /** Every console message and every failed response of a page, as DevTools lists them. */
  function watch(page: Page): string[] {
    const seen: string[] = [];
    page.on('console', (m) => seen.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => seen.push(`page error: ${String(e)}`));
    page.on('response', (r) => {
      if (r.status() >= 400) seen.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => seen.push(`failed request ${r.url()}: ${r.failure()?.errorText}`));
    return seen;
  }

  const rows = (page: Page) => page.locator('.exchange-scroll [role="row"][data-id]');
  const go = (page: Page, area: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: area }).click();

  it('walks through every view with no console message and no failed request', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const seen = watch(page);
    await page.goto(hb.url);
    await page.getByText('Connected').waitFor();

    await page.getByText('Local target').first().waitFor();
    await page.getByRole('button', { name: 'New subscription' }).click();
    await page.getByRole('dialog', { name: 'New subscription' }).getByLabel('Name').waitFor();
    await page.keyboard.press('Escape');

    await go(page, 'Send');
    await page.getByText('Valid JSON', { exact: true }).waitFor();
    await page.locator('[data-testid="code-editor-Payload"][data-ready="true"]').waitFor();
    await page.getByText('Enter the secret to see the signed headers.').waitFor();

    await go(page, 'Deliveries');
    await rows(page).first().waitFor();
    const delivery = rows(page)
      .filter({ has: page.locator('.c-kind', { hasText: 'delivery' }) })
      .first();
    await delivery.click();
    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    await pane.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
    await pane.getByRole('tab', { name: 'Response' }).click();
    await pane.getByRole('tab', { name: /^Attempts/ }).click();
    await pane.getByRole('tab', { name: 'Request' }).click();
    await page.getByRole('button', { name: 'Bulk replay…' }).click();
    await page.getByRole('button', { name: 'Close bulk replay' }).click();
    await page.keyboard.press('Escape');

    await go(page, 'Inbox');
    await rows(page).first().click();
    await pane.getByRole('region', { name: 'Verification result' }).waitFor();
    await pane.getByRole('tab', { name: 'Request' }).click();
    await pane.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
    await pane.getByRole('tab', { name: 'Answer' }).click();

    await go(page, 'Verify');
    await page.getByText('Nothing verified yet').waitFor();

    await go(page, 'Settings');
    await page.getByTestId('status-version').waitFor();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await go(page, 'Send');
    await page.locator('[data-testid="code-editor-Payload"] .monaco-editor.vs-dark').waitFor();
    await go(page, 'Settings');
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('System').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();

    // keys typed into a field are text: leave the theme radio first
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('New subscription / new inbox').waitFor();
    await page.keyboard.press('Escape');
    expect(seen).toEqual([]);
    await page.close();
  });

  /** Nothing reaches past the right edge: not the page, not a pane, not a control inside one. */
  async function fits(page: Page, within: string): Promise<void> {
    const report = await page.evaluate((selector) => {
      const wide = (el: Element) => el.scrollWidth > el.clientWidth + 1;
      const root = document.scrollingElement!;
      const content = document.querySelector('.content')!;
      const box = document.querySelector(selector)!;
      const edge = box.getBoundingClientRect().right + 1;
      const clipped = [...box.querySelectorAll('button, summary, input, select, [role="tab"], .badge')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().right > edge)
        .map((el) => el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName);
      return {
        page: [root.scrollWidth, root.clientWidth],
        content: [content.scrollWidth, content.clientWidth],
        box: wide(box) ? [box.scrollWidth, box.clientWidth] : 'fits',
        clipped,
      };
    }, within);
    expect(report.page[0]).toBeLessThanOrEqual(report.page[1]!);
    expect(report.content[0]).toBeLessThanOrEqual(report.content[1]!);
    expect(report.box).toBe('fits');
    expect(report.clipped).toEqual([]);
  }

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`fits at ${width}×${height} (${theme}): Deliveries detail, Inbox, the subscription form`, async () => {
        const page = await browser.newPage({ viewport: { width, height } });
        const seen = watch(page);
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(hb.url);
        const shot = (name: string) => screenshot(page, `layout-${name}-${width}x${height}-${theme}`);

        await go(page, 'Deliveries');
        const failed = rows(page)
          .filter({ has: page.locator('.c-kind', { hasText: 'delivery' }) })
          .first();
        await failed.click();
        const pane = page.getByRole('complementary', { name: 'Exchange detail' });
        await pane.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
        await fits(page, '.detail-pane');
        await shot('deliveries-detail');
        await pane.getByRole('tab', { name: /^Attempts/ }).click();
        await fits(page, '.detail-pane');

        await go(page, 'Inbox');
        await rows(page).first().click();
        await pane.getByRole('region', { name: 'Verification result' }).waitFor();
        await fits(page, '.detail-pane');
        await fits(page, '.inbox-head');
        await shot('inbox');

        await go(page, 'Subscriptions');
        await page.getByRole('button', { name: 'New subscription' }).click();
        const dialog = page.getByRole('dialog', { name: 'New subscription' });
        await dialog.getByLabel('Name').waitFor();
        await fits(page, 'dialog.modal');
        // Create is on screen without scrolling the form
        const create = (await dialog.getByRole('button', { name: 'Create subscription' }).boundingBox())!;
        expect(create.y + create.height).toBeLessThanOrEqual(height);
        await shot('subscription-form');
        await page.keyboard.press('Escape');
        expect(seen).toEqual([]);
        await page.close();
      });
    }
  }
});
