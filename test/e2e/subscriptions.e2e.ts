import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useHeadlessPage } from '../support/headless-page';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The user's endpoint: records each request and answers with whatever status the test sets. */
function startEndpoint(): Promise<{ server: Server; url: string; received: Received[]; answer: { status: number } }> {
  const received: Received[] = [];
  const answer = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const body = answer.status < 300 ? '{"received":true}' : '{"error":"database unavailable"}';
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, received, answer }),
    ),
  );
}

/** Fief's documented check: hex HMAC-SHA256 over `timestamp.body` with the secret as raw text. */
function fiefSignatureMatches(r: Received, secret: string): boolean {
  const ts = String(r.headers['x-fief-webhook-timestamp']);
  const expected = createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex');
  return r.headers['x-fief-webhook-signature'] === expected;
}

describe('Subscriptions in Chromium through headless mode', () => {
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  let secret = '';
  const ui = useHeadlessPage('hb-e2e-subs-', {
    viewport: { width: 1400, height: 950 },
    args: ['--receiver-port', '0'],
    view: 'Subscriptions',
    prepare: async () => (endpoint = await startEndpoint()),
  });
  afterAll(() => {
    endpoint?.server.close();
  });

  it('says what to do when there is no subscription; n opens the form and Esc closes it', async () => {
    await ui.page.getByText('No subscriptions yet').waitFor();
    await screenshot(ui.page, 'subscriptions-empty');
    await ui.page.keyboard.press('n');
    const dialog = ui.page.getByRole('dialog', { name: 'New subscription' });
    await dialog.waitFor();
    await ui.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows invalid input inline and sends nothing; hints when the real provider would refuse the URL', async () => {
    await ui.page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = ui.page.getByRole('dialog', { name: 'New subscription' });
    await dialog.getByLabel('URL').fill('localhost:3000/hooks');
    await dialog.getByLabel('Connect timeout (ms)').fill('fast');
    await dialog.getByRole('button', { name: 'Create subscription' }).click();
    await dialog.getByText('A name is required').waitFor();
    await dialog.getByText(/Enter an http:\/\/ or https:\/\/ URL/).waitFor();
    await dialog.getByText('Milliseconds, e.g. 5000').waitFor();
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await dialog
      .getByRole('alert')
      .getByText(/nothing was sent/)
      .waitFor();

    await dialog.getByLabel('Profile').selectOption('logto');
    await dialog.getByLabel('URL').fill('http://127.0.0.1:3000/hooks');
    await dialog
      .getByTestId('url-advice')
      .getByText(/real Logto only accepts https:\/\/ endpoints/)
      .waitFor();
    await screenshot(ui.page, 'subscriptions-form-errors');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await ui.hb.rpcResult('listSubscriptions')).toEqual({ ok: true, value: [] });
    await ui.page.getByText('No subscriptions yet').waitFor();
  });

  it('says a typed secret cannot work before saving, in the words the core would use, and Save sends nothing', async () => {
    await ui.page.keyboard.press('n');
    const dialog = ui.page.getByRole('dialog', { name: 'New subscription' });
    await dialog.getByLabel('Name').fill('bad secret');
    await dialog.getByLabel('URL').fill(endpoint.url);
    const secretField = dialog.getByLabel('Secret (optional)');
    await secretField.pressSequentially('whsec_bad!!');
    // no blur, no Save: a pause in typing is enough, and the error sits under the secret field
    const error = dialog.locator('.field', { has: ui.page.getByLabel('Secret (optional)') }).locator('.field-error');
    await error.getByText('is not valid base64 after "whsec_" (5 characters', { exact: false }).waitFor();
    expect(await secretField.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await screenshot(ui.page, 'subscriptions-form-secret-error');

    await dialog.getByRole('button', { name: 'Create subscription' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/nothing was sent/)
      .waitFor();
    expect(await error.textContent()).toMatch(/not valid base64 after "whsec_"/);
    expect(await ui.hb.rpcResult('listSubscriptions')).toEqual({ ok: true, value: [] });

    // once shown it follows the typing: gone when the secret fits, back for another profile's rule
    await secretField.fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await error.waitFor({ state: 'detached' });
    await dialog.getByLabel('Profile').selectOption('logto');
    await error.getByText(/A Logto signing key is 32 letters and digits/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await ui.hb.rpcResult('listSubscriptions')).toEqual({ ok: true, value: [] });
  });

  it('(a) creates a Fief subscription to a local server, shows the secret once, and a test user.created succeeds', async () => {
    await ui.page.keyboard.press('n');
    const dialog = ui.page.getByRole('dialog', { name: 'New subscription' });
    await dialog.getByLabel('Name').fill('local app');
    await dialog.getByLabel('Description').fill('my dev server');
    await dialog.getByLabel('URL').fill(endpoint.url);
    await dialog.getByLabel('Profile').selectOption('fief');
    await dialog.getByLabel('All events, including ones added later').uncheck();
    await dialog.getByRole('group', { name: 'Events to subscribe to' }).getByLabel('user.created').check();
    await dialog.getByLabel('Custom headers').fill('X-Env: e2e');
    await screenshot(ui.page, 'subscriptions-form');
    await dialog.getByRole('button', { name: 'Create subscription' }).click();

    const shown = ui.page.getByRole('dialog', { name: 'Subscription created: copy its secret' });
    secret = (await shown.getByTestId('issued-secret').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    await shown.getByRole('button', { name: 'Copy secret' }).waitFor();
    await screenshot(ui.page, 'subscriptions-secret-once');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    // shown once: nowhere on the page any more, only the masked hint
    expect(await ui.page.locator('body').textContent()).not.toContain(secret);

    const table = ui.page.getByRole('table', { name: 'Subscriptions' });
    await table.getByRole('button', { name: 'Open local app' }).waitFor();
    const detail = ui.page.getByRole('region', { name: 'local app' });
    await detail.getByLabel('Events to test').selectOption(['user.created']);
    await detail.getByRole('button', { name: 'Send test' }).click();
    const results = detail.getByRole('list', { name: 'Test results' });
    await results.getByRole('listitem', { name: 'user.created: succeeded' }).waitFor();
    expect(await results.textContent()).toContain('HTTP 200');
    expect(await results.textContent()).toContain('{"received":true}');
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]!.body).toContain('user.created');
    expect(endpoint.received[0]!.headers['x-env']).toBe('e2e');
    expect(fiefSignatureMatches(endpoint.received[0]!, secret)).toBe(true);
    await screenshot(ui.page, 'subscriptions-test-ok');
  });

  it('(b) shows the failure when the endpoint answers 500, and success again once fixed', async () => {
    const detail = ui.page.getByRole('region', { name: 'local app' });
    endpoint.answer.status = 500;
    await detail.getByRole('button', { name: 'Send test' }).click();
    const results = detail.getByRole('list', { name: 'Test results' });
    await results.getByRole('listitem', { name: 'user.created: failed' }).waitFor();
    expect(await results.textContent()).toContain('HTTP 500');
    expect(await results.textContent()).toContain('database unavailable');
    await screenshot(ui.page, 'subscriptions-test-500');

    endpoint.answer.status = 200;
    await detail.getByRole('button', { name: 'Send test' }).click();
    await results.getByRole('listitem', { name: 'user.created: succeeded' }).waitFor();
    expect(endpoint.received).toHaveLength(3);
  });

  it('delivers for real through the engine: the list shows the health of the last 24 h', async () => {
    const detail = ui.page.getByRole('region', { name: 'local app' });
    await detail.getByLabel('Deliver for real (logged, with retries)').check();
    await detail.getByRole('button', { name: 'Deliver', exact: true }).click();
    await detail
      .getByRole('list', { name: 'Test results' })
      .getByRole('listitem', { name: 'user.created: succeeded' })
      .waitFor();
    expect(endpoint.received).toHaveLength(4);
    expect(fiefSignatureMatches(endpoint.received[3]!, secret)).toBe(true);
    const row = ui.page.getByRole('table', { name: 'Subscriptions' }).getByRole('row').nth(1);
    await row.getByLabel('Success rate 100%').waitFor();
    await row.getByRole('img', { name: /Last 24 hours: 1 succeeded, 0 failed/ }).waitFor();
    await detail.getByLabel('Health, last 24 hours').getByText('1 (1 attempt)').waitFor();
    await screenshot(ui.page, 'subscriptions-health');
  });

  it('edits, disables and re-enables, regenerates the secret after confirming, and deletes after confirming', async () => {
    const detail = ui.page.getByRole('region', { name: 'local app' });
    await detail.getByRole('button', { name: 'Edit' }).click();
    const edit = ui.page.getByRole('dialog', { name: 'Edit local app' });
    await edit.getByLabel('Read timeout (ms)').fill('4000');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await detail.getByText('read 4000 ms').waitFor();

    const toggle = ui.page.getByRole('switch', { name: 'local app enabled' });
    await toggle.uncheck();
    await detail.getByText(/^Disabled/).waitFor();
    await toggle.check();
    await detail.getByText(/^Disabled/).waitFor({ state: 'detached' });

    await detail.getByRole('button', { name: 'Regenerate secret' }).click();
    const confirm = ui.page.getByRole('alertdialog', { name: 'Regenerate the secret of local app?' });
    await confirm.getByRole('button', { name: 'Regenerate secret' }).click();
    const shown = ui.page.getByRole('dialog', { name: 'New secret: copy it' });
    const fresh = await shown.getByTestId('issued-secret').textContent();
    expect(fresh).not.toBe(secret);
    await ui.page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });

    await detail.getByRole('button', { name: 'Delete' }).click();
    const del = ui.page.getByRole('alertdialog', { name: 'Delete local app?' });
    await del.getByRole('button', { name: 'Delete subscription' }).click();
    await ui.page.getByText('No subscriptions yet').waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
