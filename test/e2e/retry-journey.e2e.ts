import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

/**
 * Issue 7, journey (b): the endpoint fails with 500, the retries show up in the
 * attempt timeline as the engine makes them, the endpoint is fixed, a replay
 * succeeds.
 */
describe('a failing endpoint, its retries, the fix and a replay', () => {
  const tmp = tempDir('hb-e2e-retry-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let app: WebhookServer;
  let failing = true;

  beforeAll(async () => {
    app = await startWebhookServer((_q, res) => {
      res.statusCode = failing ? 500 : 200;
      res.end(failing ? '{"error":"database is down"}' : '{"ok":true}');
    });
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    await app?.close();
    tmp.cleanup();
  });

  it('shows each retry in the attempt timeline, then the delivery failed', async () => {
    const { subscription } = await hb.rpc<{ subscription: { id: string } }>('createSubscription', {
      name: 'Flaky app',
      url: app.url,
      profile: 'fief',
      events: ['user.created'],
      retry: { mode: 'custom', delaysMs: [1500, 1500], maxAttempts: 3, jitter: 0 },
    });
    const payload = JSON.stringify({ type: 'user.created', data: { id: 'u1', email: 'grace@example.org' } });
    const emitted = await hb.rpc<{ deliveries: { deliveryId: string }[] }>('emit', {
      provider: 'fief',
      event: 'user.created',
      payload,
      target: { kind: 'subscription', id: subscription.id },
    });
    const id = emitted.deliveries[0]!.deliveryId;

    const row = page.locator(`.exchange-scroll [role="row"][data-id="${id}"]`);
    await row.click();
    const pane = page.locator(`aside[aria-label="Exchange detail"][data-id="${id}"]`);
    await pane.waitFor();
    // the timeline grows live while the engine retries (on a busy machine the pane may already be past n)
    for (const n of [1, 2, 3]) {
      await pane.getByRole('tab', { name: /^Attempts \([1-3]\)$/ }).click();
      await pane
        .getByRole('list', { name: 'Attempts' })
        .getByRole('listitem', { name: `Attempt ${n}: HTTP 500` })
        .waitFor();
    }
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/failed/);
    expect(app.received).toHaveLength(3);
    await screenshot(page, 'journey-b-retries');
  });

  it('after the fix, a replay of the failed delivery succeeds', async () => {
    failing = false;
    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    // r asks first; Enter confirms
    await page.keyboard.press('r');
    await page.getByRole('alertdialog', { name: 'Replay this delivery?' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog', { name: 'Replay this delivery?' }).waitFor({ state: 'detached' });
    const result = pane.getByTestId('replay-result');
    await expect.poll(() => result.textContent()).toMatch(/^Replay queued as \S+ to http:\/\/127\.0\.0\.1/);
    const newId = /queued as (\S+) to/.exec((await result.textContent())!)![1]!;
    const replayed = page.locator(`.exchange-scroll [role="row"][data-id="${newId}"]`);
    await expect.poll(() => replayed.textContent(), { timeout: 15_000 }).toMatch(/succeeded/);
    expect(app.received).toHaveLength(4);
    expect(app.received[3]!.headers['x-fief-webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
    // the failed original says its replay went through
    const original = page.locator('.exchange-scroll [role="row"][aria-selected="true"]');
    await expect.poll(() => original.locator('.c-outcome').textContent()).toBe('failed · replayed ✓');
    await replayed.click();
    await screenshot(page, 'journey-b-replayed');
  });
});
