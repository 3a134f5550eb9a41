import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

const ROW_HEIGHT = 28; // renderer/src/components/exchange/exchange-table.tsx

/**
 * Issue 18 §1: the Deliveries list while deliveries stream in. A selected row
 * and its detail stay put, a list scrolled down holds still and counts the new
 * rows instead, and the list never starts over by itself.
 */
describe('the live Deliveries list while deliveries stream in', () => {
  const tmp = tempDir('hb-e2e-live-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let target: WebhookServer;
  let subscriptionId: string;
  const pageErrors: string[] = [];

  /** `n` deliveries to the local endpoint, 16 at a time; resolves with their ids once all were sent. */
  async function emit(n: number): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < n) {
          const k = next++;
          const r = await hb.rpc<{ deliveries: { deliveryId: string }[] }>('emit', {
            provider: 'standard-webhooks',
            event: 'user.created',
            payload: JSON.stringify({ type: 'user.created', data: { id: `usr_${k}` } }),
            target: { kind: 'subscription', id: subscriptionId },
            wait: true,
          });
          ids.push(r.deliveries[0]!.deliveryId);
        }
      }),
    );
    return ids;
  }

  /** The core's newest exchanges (those of its newest millisecond), as a page read from the top gives them. */
  const newestIds = async () => {
    const { items } = await hb.rpc<{ items: { id: string; time: string }[] }>('queryExchanges', { limit: 10 });
    return items.filter((r) => r.time === items[0]!.time).map((r) => r.id);
  };
  const scroller = () => page.getByTestId('exchange-scroll');
  const rowAt = (index: number) => page.locator(`.exchange-scroll [role="row"][aria-rowindex="${index + 2}"][data-id]`);
  const pane = () => page.getByRole('complementary', { name: 'Exchange detail' });
  /** The grid going busy again (placeholder rows) after its first page: the list started over. */
  const watchResets = () =>
    page.evaluate(() => {
      const w = window as unknown as { __resets: number };
      w.__resets = 0;
      new MutationObserver((records) => {
        for (const r of records)
          if ((r.target as Element).getAttribute('role') === 'grid' && (r.target as Element).ariaBusy === 'true')
            w.__resets++;
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
    });
  const resets = () => page.evaluate(() => (window as unknown as { __resets: number }).__resets);

  beforeAll(async () => {
    target = await startWebhookServer((_q, res) => res.end('{"ok":true}'));
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    ({
      subscription: { id: subscriptionId },
    } = await hb.rpc<{ subscription: { id: string } }>('createSubscription', { name: 'Local app', url: target.url }));
    await emit(300);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(`${hb.url}#/deliveries`);
    await rowAt(0).waitFor();
    await watchResets();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    await target?.close();
    tmp.cleanup();
  });

  it('keeps the selected row selected and its detail open while hundreds of deliveries come in', async () => {
    const picked = (await rowAt(2).getAttribute('data-id'))!;
    const below = (await rowAt(3).getAttribute('data-id'))!;
    await rowAt(2).click();
    await pane()
      .and(page.locator(`[data-id="${picked}"]`))
      .waitFor();
    // every 20 ms while they stream: is the pane still this row's?
    await page.evaluate((id) => {
      const w = window as unknown as { __paneLost: number; __paneWatch: number };
      w.__paneLost = 0;
      w.__paneWatch = window.setInterval(() => {
        if (document.querySelector('aside[aria-label="Exchange detail"]')?.getAttribute('data-id') !== id)
          w.__paneLost++;
      }, 20);
    }, picked);
    await emit(400);
    // the newest shows on top: the list at its top follows new rows
    const newest = await newestIds();
    await expect.poll(async () => newest.includes((await rowAt(0).getAttribute('data-id'))!)).toBe(true);
    const lost = await page.evaluate(() => {
      const w = window as unknown as { __paneLost: number; __paneWatch: number };
      clearInterval(w.__paneWatch);
      return w.__paneLost;
    });
    expect(lost).toBe(0);
    expect(await pane().getAttribute('data-id')).toBe(picked);
    // the selection went down with its row: the next row from it is the one that was below it
    await page.keyboard.press('j');
    const selected = page.locator('.exchange-scroll [role="row"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('data-id')).toBe(below);
    await pane()
      .and(page.locator(`[data-id="${below}"]`))
      .waitFor();
    await page.keyboard.press('k');
    await expect.poll(() => selected.getAttribute('data-id')).toBe(picked);
    expect(await resets()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('holds still when scrolled down and says how many new rows wait; the button brings them', async () => {
    await scroller().evaluate((el, y) => (el.scrollTop = y), 100 * ROW_HEIGHT);
    await rowAt(100).waitFor();
    const seen = () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-testid="exchange-scroll"]')!;
        const top = el.getBoundingClientRect().top;
        return {
          scrollTop: el.scrollTop,
          rows: [...el.querySelectorAll('[role="row"][data-id]')]
            .map((r) => ({ id: r.getAttribute('data-id'), y: Math.round(r.getBoundingClientRect().top - top) }))
            .filter((r) => r.y >= 0 && r.y < el.clientHeight)
            .sort((a, b) => a.y - b.y),
        };
      });
    const before = await seen();
    const rowCount = Number(await page.getByRole('grid', { name: 'Exchanges' }).getAttribute('aria-rowcount'));
    await emit(200);
    const waiting = page.getByRole('button', { name: /new$/ });
    await expect.poll(() => waiting.textContent()).toBe('↑ 200 new');
    expect(await seen()).toEqual(before);
    await screenshot(page, 'live-list-waiting-1440x900');
    await waiting.click();
    const newest = await newestIds();
    await expect.poll(async () => newest.includes((await rowAt(0).getAttribute('data-id'))!)).toBe(true);
    expect(await scroller().evaluate((el) => el.scrollTop)).toBe(0);
    await expect(waiting.count()).resolves.toBe(0);
    await expect
      .poll(async () => Number(await page.getByRole('grid', { name: 'Exchanges' }).getAttribute('aria-rowcount')))
      .toBe(rowCount + 200);
    expect(await resets()).toBe(0);
  });

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    it(`looks right under load at ${width}×${height}, light and dark`, async () => {
      await page.setViewportSize({ width, height });
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        const streaming = emit(150);
        await rowAt(4).click();
        await pane().waitFor();
        await screenshot(page, `live-list-${width}x${height}-${theme}`);
        await streaming;
        await scroller().evaluate((el, y) => (el.scrollTop = y), 40 * ROW_HEIGHT);
        await emit(30);
        await page.getByRole('button', { name: /new$/ }).waitFor();
        await screenshot(page, `live-list-waiting-${width}x${height}-${theme}`);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: /new$/ }).click();
      }
      expect(await resets()).toBe(0);
      expect(pageErrors).toEqual([]);
    });
  }
});
