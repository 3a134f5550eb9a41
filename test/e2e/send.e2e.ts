import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that verifies like a Standard Webhooks consumer would, with the library itself. */
function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received }),
    ),
  );
}

function verifiesWithLibrary(r: Received): boolean {
  const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
  new Webhook(SECRET).verify(r.body, h); // throws when the signature does not match
  return true;
}

async function fillEditor(page: Page, label: string, text: string): Promise<void> {
  await page.getByTestId(`code-editor-${label}`).locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('Send in Chromium through headless mode', () => {
  const tmp = tempDir('hb-e2e-send-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const pageErrors: string[] = [];
  /** Calls the core answered with an error: user mistakes must be caught in the page, never show up here. */
  const failedCalls: string[] = [];
  const signCalls: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    hb = await startHeadless(tmp.dir);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hb.origin });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failedCalls.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      if (r.url().endsWith('/rpc/sign')) signCalls.push(r.url());
    });
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Send' }).click();
    await page.getByRole('form', { name: 'Event to send' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    receiver?.server.close();
    tmp.cleanup();
  });

  it('loads a catalog sample for the chosen event into Monaco; the seed makes it reproducible', async () => {
    await page.getByLabel('Provider').selectOption('standard-webhooks');
    const event = page.getByRole('combobox', { name: 'Event' });
    await expect.poll(() => event.locator('option').count()).toBeGreaterThan(1);
    await event.selectOption({ index: 1 });
    await page.getByText('Valid JSON', { exact: true }).waitFor();
    const first = await page.getByTestId('code-editor-Payload').locator('.view-lines').textContent();
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect
      .poll(() => page.getByTestId('code-editor-Payload').locator('.view-lines').textContent())
      .not.toBe(first);
  });

  it('asks the core to sign nothing without a secret, and says what Send still needs', async () => {
    await page.getByText('Enter the secret to see the signed headers.').waitFor();
    expect(await page.getByTestId('send-blocked').textContent()).toMatch(
      /^To send: enter the URL .*; enter the secret/,
    );
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(signCalls).toEqual([]);
  });

  it('says why a URL is refused, at the field and next to Send (localhost:3000/webhooks, ftp://)', async () => {
    const url = page.getByRole('textbox', { name: 'URL' });
    await url.fill('localhost:3000/webhooks');
    await page.getByText('Add the scheme: http://localhost:3000/webhooks').first().waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('textbox', { name: 'Secret' }).fill(SECRET);
    await expect
      .poll(() => page.getByTestId('send-blocked').textContent())
      .toBe('To send: add the scheme: http://localhost:3000/webhooks.');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await page.getByText(/Copy as curl is off until the URL is fixed/).waitFor();
    await url.fill('ftp://files.example/hooks');
    await page.getByText('ftp:// cannot carry a webhook: use http:// or https://').first().waitFor();
    await screenshot(page, 'send-invalid-url');
    await url.fill(receiver.url);
    await page.getByTestId('send-blocked').waitFor({ state: 'detached' });
    expect(await url.getAttribute('aria-invalid')).toBeNull();
  });

  it('previews the exact signed headers for an ad-hoc URL and copies a curl that verifies', async () => {
    await page.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    await page.getByRole('textbox', { name: 'Secret' }).fill(SECRET);
    const table = page.getByRole('table', { name: 'Headers to be sent' });
    await table.getByRole('rowheader', { name: 'webhook-signature' }).waitFor();
    expect(await table.textContent()).toMatch(/webhook-signaturev1,/);
    await screenshot(page, 'send-preview');

    await page.getByRole('button', { name: 'Copy as curl' }).click();
    await page.getByText('Copied').waitFor();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`curl -sS -X POST '${receiver.url}'`);
    // async: the receiver runs in this process and must keep answering while curl waits
    await promisify(execFile)('sh', ['-c', curl], { timeout: 20_000 });
    expect(receiver.received).toHaveLength(1);
    expect(verifiesWithLibrary(receiver.received[0]!)).toBe(true);
  });

  it('sends through the engine and shows status, timing and the response', async () => {
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const result = page.getByRole('region', { name: 'Send result' });
    await result.getByRole('listitem', { name: new RegExp(`^Delivered: 200 — ${receiver.url}`) }).waitFor();
    expect(receiver.received).toHaveLength(2);
    expect(verifiesWithLibrary(receiver.received[1]!)).toBe(true);
    await result.getByText('First response').click();
    await result.getByText('{"received":true}').waitFor();
    await screenshot(page, 'send-result');
  });

  it('shows invalid JSON inline with an editor marker and blocks send, Ctrl+Enter and copy', async () => {
    await fillEditor(page, 'Payload', '');
    // one period, not "empty.."
    await expect
      .poll(() => page.getByTestId('payload-status').textContent())
      .toBe('Invalid JSON: The body is empty. Fix it to send or copy.');
    await fillEditor(page, 'Payload', '{"type": "user.created",, "data": {}}');
    const status = page.getByTestId('payload-status');
    await expect.poll(() => status.textContent()).toMatch(/^Invalid JSON: /);
    await page.locator('[data-testid="code-editor-Payload"] .squiggly-error').first().waitFor();
    await expect.poll(() => status.textContent()).toMatch(/Line 1, column \d+/);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy as curl' }).isDisabled()).toBe(true);
    await page.keyboard.press('Control+Enter');
    await page.getByText('Fix the marked fields first: nothing was sent.').waitFor();
    expect(receiver.received).toHaveLength(2);
    await screenshot(page, 'send-invalid-json');
  });

  it('sends again with Ctrl+Enter once the JSON is fixed', async () => {
    await fillEditor(page, 'Payload', '{"type":"user.created","data":{"id":"usr_2"}}');
    await page.getByText('Valid JSON', { exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'URL' }).press('Control+Enter');
    await expect.poll(() => receiver.received.length).toBe(3);
    expect(receiver.received[2]!.body).toBe('{"type":"user.created","data":{"id":"usr_2"}}');
    expect(verifiesWithLibrary(receiver.received[2]!)).toBe(true);
  });

  it('follows a dark OS theme, the editor included', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('[data-testid="code-editor-Payload"] .monaco-editor.vs-dark').waitFor();
    await screenshot(page, 'send-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('[data-testid="code-editor-Payload"] .monaco-editor.vs').waitFor();
  });

  it('shows the retries a failed send scheduled, and follows them live to the end', async () => {
    let answers = 0;
    const flaky = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(++answers < 3 ? 500 : 200).end());
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/hooks`;
      const res = await fetch(`${hb.origin}/rpc/createSubscription`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hb.token}` },
        body: JSON.stringify({
          name: 'Flaky',
          url,
          profile: 'standard-webhooks',
          events: 'all',
          retry: { mode: 'custom', delaysMs: [2000, 2000], maxAttempts: 3, jitter: 0 },
        }),
      });
      const { value } = (await res.json()) as { value: { subscription: { id: string } } };
      await page.getByText('One subscription').click();
      await page.getByLabel('Subscription', { exact: true }).selectOption(value.subscription.id);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const result = page.getByRole('region', { name: 'Send result' });
      await result.getByRole('listitem', { name: new RegExp(`^Failed: 500 — ${url}`) }).waitFor();
      const retries = result.locator('[data-testid^="retries-"]');
      await expect.poll(() => retries.textContent()).toMatch(/^Retry #2 scheduled at \d\d:\d\d:\d\d \(in \d s\)$/);
      await screenshot(page, 'send-retry-scheduled');
      await expect.poll(() => retries.textContent(), { timeout: 15_000 }).toMatch(/#2 500.*Retry #3 scheduled/);
      await expect
        .poll(() => retries.textContent(), { timeout: 15_000 })
        .toBe('#1 500#2 500#3 200Succeeded on attempt 3.');
      expect(answers).toBe(3);
      await screenshot(page, 'send-retries-done');
    } finally {
      flaky.close();
    }
  });

  it('ran without CSP violations, page errors or failed calls', () => {
    expect(pageErrors).toEqual([]);
    expect(failedCalls).toEqual([]);
  });
});
