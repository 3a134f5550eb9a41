import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useHeadlessPage } from '../support/headless-page';
import { startWebhookServer, type ReceivedRequest, type WebhookServer } from '../support/webhook-server';

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const key = Buffer.alloc(32, 7);

/**
 * A receiver that gets the signature right but never looks at the timestamp:
 * the kind of near miss the scorecard exists to show.
 */
function signatureOk(req: ReceivedRequest): boolean {
  const id = String(req.headers['webhook-id'] ?? '');
  const ts = String(req.headers['webhook-timestamp'] ?? '');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.`).update(req.body).digest();
  return String(req.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((entry) => {
      const sig = Buffer.from(entry.replace(/^v1,/, ''), 'base64');
      return sig.length === expected.length && timingSafeEqual(sig, expected);
    });
}

describe('Check endpoint on a subscription, in Chromium', () => {
  let receiver: WebhookServer;
  const ui = useHeadlessPage('hb-e2e-check-', {
    viewport: { width: 1440, height: 900 },
    args: ['--receiver-port', '0'],
    view: 'Subscriptions',
    prepare: async (hb) => {
      receiver = await startWebhookServer((req, res) => res.writeHead(signatureOk(req) ? 200 : 401).end());
      const created = await hb.rpcResult('createSubscription', {
        name: 'orders service',
        url: `${receiver.url}/webhooks`,
        profile: 'standard-webhooks',
        secret,
        events: ['order.created', 'invoice.paid'],
      });
      expect(created.ok).toBe(true);
    },
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('grades the receiver: the timestamp checks fail with their fix, the rest pass, nothing is logged', async () => {
    await ui.page
      .getByRole('table', { name: 'Subscriptions' })
      .getByRole('button', { name: 'Open orders service' })
      .click();
    const detail = ui.page.getByRole('region', { name: 'orders service' });
    await detail.getByRole('button', { name: 'Check endpoint' }).click();
    const card = detail.getByLabel('Endpoint scorecard');
    await card.waitFor({ timeout: 60_000 });

    await card.getByRole('status').getByText('Fails required checks').waitFor();
    const stale = card.getByRole('listitem', { name: 'Rejects a stale timestamp (replay): Fail' });
    await stale.getByText(/Accepted a delivery signed 360 s ago/).waitFor();
    await stale.getByText(/Reject timestamps older than 300 s/).waitFor();
    await card.getByRole('listitem', { name: 'Rejects a timestamp from the future: Fail' }).waitFor();
    for (const title of [
      'Accepts a correctly signed delivery of each event',
      'Rejects a wrong signature',
      'Rejects a signature made with another secret',
      'Accepts a secret rotation (several signatures)',
      'Answers quickly under a small burst',
    ])
      await card.getByRole('listitem', { name: `${title}: Pass` }).waitFor();
    await card.getByRole('listitem', { name: 'Answers Okta’s one-time verification request: N/A' }).waitFor();
    expect(await card.getByRole('status').textContent()).toMatch(/11 passed · 2 failed · 1 not applicable/);
    // The subscription's first event, and what the check sent for it.
    await stale.getByText('Request sent').click();
    await stale.getByText(/timestamp 360 s old → HTTP 200/).waitFor();
    // The request as sent: its timestamp header is the stale one, the body the event's sample.
    const sent = await stale.getByLabel('Request: timestamp 360 s old').textContent();
    const ts = Number(/webhook-timestamp: (\d+)/.exec(sent!)![1]);
    expect(Math.floor(Date.now() / 1000) - ts).toBeGreaterThanOrEqual(360);
    expect(sent).toContain('"type":"order.created"');
    await ui.page.evaluate(() => document.getElementById('check-title')?.scrollIntoView({ block: 'start' }));
    await screenshot(ui.page, 'check-endpoint-1440');

    await ui.page.setViewportSize({ width: 1024, height: 700 });
    await stale.scrollIntoViewIfNeeded();
    await screenshot(ui.page, 'check-endpoint-1024');
    // Each row stays inside the panel at the narrow width: no horizontal overflow.
    const overflow = await ui.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    expect(receiver.received.length).toBe(2 + 6 + 2 + 2 + 1 + 1 + 10 - 1);
    expect(await ui.hb.rpcResult('queryExchanges', {})).toMatchObject({ ok: true, value: { items: [] } });
    expect(ui.pageErrors).toEqual([]);
  });
});
