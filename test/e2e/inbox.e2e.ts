import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const WRONG = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

/** Signs like a Standard Webhooks sender with the library itself and POSTs to the inbox. */
async function post(url: string, secret: string, body: string): Promise<Response> {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const now = new Date();
  const signature = new Webhook(secret).sign(id, now, body);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  });
}

/** Setup through the same contract the UI uses, with the run's token. */
/** The user's app behind the inbox, for forwarding. */
function startApp(): Promise<{ server: Server; url: string; hits: number[] }> {
  const hits: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push(Date.now());
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"handled":"by my app"}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, hits }),
    ),
  );
}

describe('Inbox in Chromium through headless mode', () => {
  const tmp = tempDir('hb-e2e-inbox-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let inboxUrl = '';
  const pageErrors: string[] = [];
  /** Clicks a capture and waits until the detail pane shows it (the pane follows the selection a moment later). */
  const open = async (row: Locator) => {
    const id = await row.getAttribute('data-id');
    await row.click();
    await page.locator(`aside[aria-label="Exchange detail"][data-id="${id}"]`).waitFor();
  };
  const captureRows = (p: Page) =>
    p.getByRole('grid', { name: 'Captures' }).locator('.exchange-scroll [role="row"][data-id]');

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hb.origin });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    tmp.cleanup();
  });

  it('says what to do without inboxes, and creates one with verification (n, inline errors first)', async () => {
    await page.getByText('No inboxes yet').waitFor();
    // the example URL is this receiver's, whatever port it got, and never breaks inside "http"
    const receiver = (await hb.rpc<{ listening: { name: string; url: string }[] }>('getStatus', {})).listening.find(
      (l) => l.name === 'receiver',
    )!.url;
    const example = page.locator('.empty-box .breakable-url');
    expect(await example.textContent()).toBe(`${receiver.replace(/\/$/, '')}/in/my-app`);
    expect(await example.locator('span').first().textContent()).toBe(
      receiver.endsWith('/') ? receiver : `${receiver}/`,
    );
    await screenshot(page, 'inbox-empty');
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New inbox' });
    await dialog.getByLabel('Slug').fill('My App!');
    await dialog.getByRole('button', { name: 'Create inbox' }).click();
    await dialog.getByText(/Give the inbox a name/).waitFor();
    await dialog.getByText(/Lowercase letters, digits/).waitFor();
    await dialog.getByLabel('Name').fill('my-app');
    await dialog.getByLabel('Slug').fill('');
    await dialog.getByLabel('Profile').selectOption('standard-webhooks');
    await dialog.getByRole('button', { name: 'Create inbox' }).click();
    await dialog.getByText(/Give at least one secret/).waitFor();
    // a secret that cannot work is named when the field is left, before Create
    const secrets = dialog.getByLabel('Secrets (one per line)');
    await secrets.fill('whsec_c2hvcnQ=');
    await secrets.blur();
    await dialog.getByText(/decodes to 5 bytes; a whsec_ secret holds 24 to 64/).waitFor();
    await secrets.fill(SECRET);
    await dialog.getByText(/decodes to 5 bytes/).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Create inbox' }).click();
    await dialog.waitFor({ state: 'detached' });

    inboxUrl = (await page.getByTestId('inbox-url').textContent())!;
    expect(inboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/in\/my-app$/);
    await page.getByText('Nothing captured yet').waitFor();
    expect(await page.getByRole('region', { name: 'Live captures' }).textContent()).toContain(inboxUrl);
    await screenshot(page, 'inbox-created');
  });

  it('(c) shows a request signed with a wrong secret live, marked invalid, with the explanation', async () => {
    const answer = await post(
      inboxUrl,
      WRONG,
      '{"type":"user.created","data":{"id":"usr_1","email":"ada@example.com"}}',
    );
    expect(answer.status).toBe(200);
    const row = captureRows(page).first();
    await expect.poll(() => row.locator('.c-outcome').textContent()).toBe('✗ invalid');
    // 24-hour time, as in Deliveries
    expect(await row.locator('.c-time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    await open(row);
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    const result = detail.getByRole('region', { name: 'Verification result' });
    await result.locator('[data-testid="verify-outcome"][data-valid="false"]').waitFor();
    await result.getByRole('listitem', { name: 'Signature: failed' }).waitFor();
    expect(await result.getByTestId('verify-verdict').textContent()).toMatch(/signature/i);
    // answered 200: the capture reads "signature invalid", not "failed"
    expect(await detail.locator('.detail-facts').textContent()).toMatch(/signature invalid.*HTTP 200/);
    await detail.getByRole('tab', { name: 'Request' }).click();
    await detail.getByRole('table', { name: 'Request headers' }).getByText('webhook-signature').waitFor();
    await detail.getByRole('tab', { name: 'Answer' }).click();
    await detail.getByRole('region', { name: 'Answer' }).getByText('from the response rule').waitFor();
    await screenshot(page, 'inbox-invalid-signature');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'inbox-invalid-signature-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await post(inboxUrl, SECRET, '{"type":"user.updated","data":{"id":"usr_1"}}');
    await expect.poll(() => captureRows(page).count()).toBe(2);
    const valid = captureRows(page).first();
    await expect.poll(() => valid.locator('.c-outcome').textContent()).toBe('✓ valid');
    await open(valid);
    // the pane keeps its tab from one capture to the next
    await detail.getByRole('tab', { name: 'Verification' }).click();
    await detail.getByRole('region', { name: 'Verification result' }).locator('[data-valid="true"]').waitFor();
  });

  it("opens a failed capture in Verify with its exact request, arrival time and the inbox's own secret", async () => {
    await open(captureRows(page).nth(1));
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    await detail.getByRole('button', { name: 'Open in Verify' }).click();
    await page.getByRole('form', { name: 'Request to verify' }).waitFor();
    expect(page.url()).toMatch(/#\/verify$/);
    expect(await page.getByLabel('Profile').inputValue()).toBe('standard-webhooks');
    expect(await page.getByRole('textbox', { name: 'Headers' }).inputValue()).toMatch(/^webhook-signature: v1,/m);
    expect(await page.getByRole('textbox', { name: /^Now/ }).inputValue()).toMatch(/^\d{10}$/);
    // the inbox's secret came along by reference: Verify checks with it at once, and it says no
    expect(await page.getByTestId('stored-secret').textContent()).toMatch(/secrets? of inbox my-app/);
    expect(await page.getByRole('textbox', { name: /^Secret/ }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const result = page.getByRole('region', { name: 'Verification result' });
    await result.locator('[data-testid="verify-outcome"][data-valid="false"]').waitFor();
    // Valid only if the headers, the body bytes and the arrival time all came across exactly.
    await page.getByRole('textbox', { name: /^Secret/ }).fill(WRONG);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await result.locator('[data-testid="verify-outcome"][data-valid="true"]').waitFor();
    await screenshot(page, 'inbox-capture-in-verify');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await captureRows(page).first().waitFor();
  });

  it('copies a capture as curl re-signed now with the inbox’s secret: it verifies again', async () => {
    const before = await captureRows(page).count();
    const valid = captureRows(page)
      .filter({ has: page.locator('.c-outcome', { hasText: '✓ valid' }) })
      .first();
    await open(valid);
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    const copy = detail.getByRole('group', { name: 'Copy as curl' });
    expect(await copy.getByTestId('curl-note').textContent()).toMatch(
      /^“As sent” keeps its signature from \d\d:\d\d:\d\d: verifiers reject it 5 min after that\./,
    );
    await copy.getByRole('button', { name: 'Re-signed now' }).click();
    await copy.getByText('Copied, signed just now.').waitFor();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`'${inboxUrl}'`);
    await promisify(execFile)('sh', ['-c', curl], { timeout: 20_000 });
    await expect.poll(() => captureRows(page).count()).toBe(before + 1);
    await expect.poll(() => captureRows(page).first().locator('.c-outcome').textContent()).toBe('✓ valid');
    await screenshot(page, 'inbox-resigned-curl');
  });

  it('edits the response rule (a failing step first), refusing invalid input inline', async () => {
    await page.getByRole('button', { name: 'Response rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Response rule of my-app' });
    const answer = dialog.getByRole('group', { name: 'Answer' });
    await answer.getByLabel('Status').fill('abc');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await answer.getByText('A status code, e.g. 200').waitFor();
    await answer.getByLabel('Status').fill('700');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    // the schema's bound in words, not the validator's ("Too big: expected number to be <=599")
    await answer.getByText('At most 599', { exact: true }).waitFor();
    await answer.getByLabel('Status').fill('202');
    await answer.getByText('At most 599', { exact: true }).waitFor({ state: 'detached' });
    await answer.getByLabel('Body').fill('{"accepted":true}');
    await dialog.getByRole('button', { name: 'Add a step' }).click();
    await dialog.getByRole('group', { name: 'Step 1' }).getByLabel('Requests').fill('1');
    await screenshot(page, 'inbox-rule-editor');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Inbox settings').getByText('1× 503, then 202').waitFor();

    expect((await post(inboxUrl, SECRET, '{"type":"a"}')).status).toBe(503);
    const third = await post(inboxUrl, SECRET, '{"type":"b"}');
    expect(third.status).toBe(202);
    expect(await third.text()).toBe('{"accepted":true}');
    // two earlier captures, the re-signed one, and these two: newest first
    await expect.poll(() => captureRows(page).count()).toBe(5);
    expect(await captureRows(page).locator('.c-status').allTextContents()).toEqual(['202', '503', '200', '200', '200']);
    await open(captureRows(page).nth(1));
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    await detail.getByRole('tab', { name: 'Answer' }).click();
    await detail.getByRole('region', { name: 'Answer' }).getByText('from sequence step 1').waitFor();
  });

  it('answers 401 to a bad signature when told to, as a real receiver would', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit my-app' });
    await dialog.getByLabel(/Answer 401 when the signature is invalid/).check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByLabel('Inbox settings')
      .getByText(/invalid signatures get 401/)
      .waitFor();
    const refused = await post(inboxUrl, WRONG, '{"type":"c"}');
    expect(refused.status).toBe(401);
    expect((await refused.json()) as { error: string }).toMatchObject({
      error: expect.stringMatching(/^Signature not valid/),
    });
    const row = captureRows(page).first();
    await expect.poll(() => row.locator('.c-status').textContent()).toBe('401');
    expect(await row.locator('.c-outcome').textContent()).toBe('✗ invalid');
    await open(row);
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    await detail.getByRole('tab', { name: 'Answer' }).click();
    await detail
      .getByRole('region', { name: 'Answer' })
      .getByText(/from the signature check/)
      .waitFor();
    // back to answering with the rule, for what follows
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Edit my-app' })
      .getByLabel(/Answer 401/)
      .uncheck();
    await page.getByRole('dialog', { name: 'Edit my-app' }).getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByLabel('Inbox settings')
      .getByText(/invalid signatures get 401/)
      .waitFor({ state: 'detached' });
  });

  it('forwards to the app and answers with its response', async () => {
    const app = await startApp();
    try {
      await page.getByRole('button', { name: 'Forwarding' }).click();
      const dialog = page.getByRole('dialog', { name: 'Forwarding of my-app' });
      await dialog.getByLabel('Target URL').fill('not a url');
      await dialog.getByRole('button', { name: 'Save forwarding' }).click();
      await dialog.getByText('An http:// or https:// URL').waitFor();
      await dialog.getByLabel('Target URL').fill(app.url);
      await dialog.getByRole('button', { name: 'Save forwarding' }).click();
      await dialog.waitFor({ state: 'detached' });

      const before = await captureRows(page).count();
      const r = await post(inboxUrl, SECRET, '{"type":"forward.me"}');
      expect(r.status).toBe(201);
      expect(app.hits).toHaveLength(1);
      // the new capture arrives by a live event: open it only once it is listed, not an older one
      await expect.poll(() => captureRows(page).count()).toBe(before + 1);
      await open(captureRows(page).first());
      const detail = page.getByRole('complementary', { name: 'Exchange detail' });
      await detail.getByRole('tab', { name: 'Forward' }).click();
      const forward = detail.getByRole('region', { name: 'Forward' });
      await forward.getByText(app.url).waitFor();
      await forward.getByRole('radio', { name: 'Raw' }).check();
      await forward.getByText('{"handled":"by my app"}').waitFor();
      await forward.scrollIntoViewIfNeeded();
      await screenshot(page, 'inbox-forwarded');
    } finally {
      app.server.close();
    }
  });

  it('loads a page of 50 captures with their verdicts in one request', async () => {
    const other = await hb.rpc<{ id: string; url: string }>('createInbox', {
      name: 'busy',
      verification: { profile: 'standard-webhooks', secrets: [SECRET] },
    });
    for (let i = 0; i < 50; i++) await post(other.url, i % 5 === 0 ? WRONG : SECRET, `{"n":${i}}`);
    const calls: string[] = [];
    const count = (r: Request) => {
      if (r.url().includes('/rpc/')) calls.push(new URL(r.url()).pathname);
    };
    page.on('request', count);
    try {
      await page.getByRole('complementary', { name: 'Inboxes' }).getByRole('button', { name: /busy/ }).click();
      const grid = page.getByRole('grid', { name: 'Captures' });
      await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('51');
      await expect.poll(() => grid.getAttribute('aria-busy')).toBe('false');
      // every row on screen already knows its verdict: nothing was read back per capture
      const verdicts = await captureRows(page).locator('.c-outcome').allTextContents();
      expect(verdicts.length).toBeGreaterThan(10);
      expect(verdicts.every((v) => v === '✓ valid' || v === '✗ invalid')).toBe(true);
      expect(verdicts.filter((v) => v === '✗ invalid').length).toBeGreaterThan(1);
    } finally {
      page.off('request', count);
    }
    expect(calls).toEqual(['/rpc/queryExchanges']);
    await page
      .getByRole('complementary', { name: 'Inboxes' })
      .getByRole('button', { name: /my-app/ })
      .click();
    await expect.poll(() => captureRows(page).count()).toBe(7);
  });

  it('names the inbox of each capture in the Deliveries list, not its id', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
    const newest = page.getByRole('grid', { name: 'Exchanges' }).locator('[role="row"][data-id] .c-target').first();
    // the busy inbox took the newest captures
    await expect.poll(() => newest.textContent()).toBe('busy · /in/busy');
    await page.goBack();
    await expect.poll(() => captureRows(page).count()).toBe(7);
  });

  it('keeps the captures and their badges after a reload, and deletes the inbox after confirming', async () => {
    await page.reload();
    await expect.poll(() => captureRows(page).count()).toBe(7);
    const verdicts = await captureRows(page).locator('.c-outcome').allTextContents();
    expect(verdicts.filter((v) => v === '✗ invalid')).toHaveLength(2);
    expect(verdicts.filter((v) => v === '✓ valid')).toHaveLength(5);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('alertdialog', { name: 'Delete my-app?' })
      .getByRole('button', { name: 'Delete inbox' })
      .click();
    const side = page.getByRole('complementary', { name: 'Inboxes' });
    await side.getByRole('button', { name: /my-app/ }).waitFor({ state: 'detached' });
    // the other inbox is shown now, with its own captures
    await expect.poll(() => page.getByRole('grid', { name: 'Captures' }).getAttribute('aria-rowcount')).toBe('51');
    expect((await fetch(inboxUrl, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
