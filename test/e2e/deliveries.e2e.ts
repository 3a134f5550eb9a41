import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ExchangeWrite } from '../../electron/core/store';
import type { Har } from '../../shared/export/har';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { seedLog } from '../support/seed-exchanges';
import { tempDir } from '../support/temp';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

const ROWS = 3000;
const EMAIL = 'ada.lovelace@example.org';

/** The newest rows: two failed deliveries and one that succeeded, all about Ada, sent to the local server. */
function adaRows(subscriptionId: string | null, url: string): ExchangeWrite[] {
  const now = Date.now();
  return [0, 1, 2].flatMap((k): ExchangeWrite[] => {
    const id = `dlv_ada_${k}`;
    const at = new Date(now - 500 + k * 100).toISOString();
    const body = JSON.stringify({ type: 'user.created', data: { id: `usr_${k}`, email: EMAIL, attempt: k } });
    const headers: [string, string][] = [
      ['content-type', 'application/json'],
      ['webhook-id', `msg_ada_${k}`],
    ];
    const status = k === 1 ? 200 : 500;
    return [
      {
        type: 'delivery',
        delivery: {
          id,
          createdAt: at,
          eventType: 'user.created',
          eventId: `evt_ada_${k}`,
          subscriptionId: subscriptionId!,
          profile: 'standard-webhooks',
          targetUrl: url,
          request: { method: 'POST', url, headers, body },
        },
      },
      ...[1, 2].map((n): ExchangeWrite => ({
        type: 'attempt',
        attempt: {
          deliveryId: id,
          n,
          startedAt: new Date(Date.parse(at) + n * 10).toISOString(),
          request: { headers, body },
          response: {
            status,
            headers: [['content-type', 'application/json']],
            body: status === 200 ? '{"ok":true}' : '{"error":"database is down"}',
          },
          timings: { connectMs: 1, firstByteMs: 20, totalMs: 25 },
          error: null,
        },
        update: {
          outcome: status === 200 ? 'succeeded' : 'failed',
          lastStatus: status,
          durationMs: 25,
          nextAttemptAt: null,
        },
      })),
    ];
  });
}

const rowsOf = (page: Page) =>
  page.getByRole('grid', { name: 'Exchanges' }).locator('.exchange-scroll [role="row"][data-id]');

describe('Deliveries in Chromium through headless mode', () => {
  const tmp = tempDir('hb-e2e-deliveries-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  let target: WebhookServer;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    target = await startWebhookServer((_q, res) => res.end('{"ok":true}'));
    await seedLog(tmp.dir, {
      rows: ROWS,
      subscription: { name: 'Local target', url: target.url },
      extra: (sub) => adaRows(sub, target.url),
    });
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    await target?.close();
    tmp.cleanup();
  });

  it('shows the newest rows first with counts from the core', async () => {
    await rowsOf(page).first().waitFor();
    expect(await rowsOf(page).first().getAttribute('data-id')).toBe('dlv_ada_2');
    await expect
      .poll(() => page.getByTestId('exchange-total').textContent())
      .toBe(`${(ROWS + 3).toLocaleString('en-US')} exchanges`);
    expect(await page.getByRole('grid', { name: 'Exchanges' }).getAttribute('aria-rowcount')).toBe(String(ROWS + 4));
    await screenshot(page, 'deliveries-list');
  });

  it('scrolls far down and loads rows by cursor as they come into view', async () => {
    const scroller = page.getByTestId('exchange-scroll');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = page.locator(`.exchange-scroll [role="row"][aria-rowindex="${ROWS + 4}"][data-id]`);
    await last.waitFor();
    expect(await last.getAttribute('data-id')).toMatch(/^(dlv|cap)_0$/); // the oldest seeded row
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.locator('.exchange-scroll [role="row"][aria-rowindex="2"][data-id]').waitFor();
  });

  it('filters by outcome and finds an email inside a body (journey d); the URL keeps the filter', async () => {
    await page.getByLabel('Outcome').selectOption('failed');
    await expect.poll(() => page.url()).toContain('outcome=failed');
    await expect.poll(async () => await rowsOf(page).first().locator('.c-outcome').textContent()).toBe('failed');
    await page.getByRole('searchbox', { name: /Search/ }).fill(EMAIL);
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    expect(await rowsOf(page).evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')))).toEqual([
      'dlv_ada_2',
      'dlv_ada_0',
    ]);
    await expect.poll(() => page.getByTestId('exchange-total').textContent()).toBe('2 exchanges');
    expect(await page.getByLabel('Outcome').locator('option:checked').textContent()).toMatch(/^failed \(2\)$/);
    await screenshot(page, 'deliveries-filtered');

    await page.reload();
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    expect(await page.getByLabel('Outcome').inputValue()).toBe('failed');
    expect(await page.getByRole('searchbox', { name: /Search/ }).inputValue()).toBe(EMAIL);
  });

  it('moves with j/k, opens the detail with Enter and shows body and attempt timeline', async () => {
    await page.getByRole('grid', { name: 'Exchanges' }).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = page.locator('.exchange-scroll [role="row"][aria-selected="true"]');
    expect(await selected.getAttribute('data-id')).toBe('dlv_ada_2');
    await page.keyboard.press('Enter');
    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    await page.locator('aside[aria-label="Exchange detail"][data-id="dlv_ada_2"]').waitFor();
    await pane.getByRole('table', { name: 'Request headers' }).getByText('msg_ada_2').waitFor();
    await pane.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
    await pane.getByRole('radio', { name: 'Raw' }).check();
    expect(await pane.getByLabel('Request body raw').textContent()).toContain(EMAIL);
    await pane.getByRole('radio', { name: 'Pretty' }).check();
    await pane.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
    await screenshot(page, 'deliveries-detail');

    await pane.getByRole('tab', { name: 'Attempts (2)' }).click();
    const attempts = pane.getByRole('list', { name: 'Attempts' });
    await attempts.getByRole('listitem', { name: 'Attempt 1: HTTP 500' }).waitFor();
    await attempts.getByRole('listitem', { name: 'Attempt 2: HTTP 500' }).waitFor();
    await screenshot(page, 'deliveries-attempts');
  });

  it('r asks before it replays: Esc sends nothing', async () => {
    const before = target.received.length;
    await page.keyboard.press('r');
    const confirm = page.getByRole('alertdialog', { name: 'Replay this delivery?' });
    expect(await confirm.textContent()).toContain(`Sends dlv_ada_2 again to ${target.url}`);
    // the action has focus: Enter confirms what the single key asked for
    expect(await confirm.getByRole('button', { name: 'Replay' }).evaluate((b) => b === document.activeElement)).toBe(
      true,
    );
    await screenshot(page, 'deliveries-replay-confirm');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(target.received.length).toBe(before);
  });

  it('replays the failed delivery: the new delivery on top, linked to its original both ways', async () => {
    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    await pane.getByRole('button', { name: 'Replay', exact: true }).click();
    const result = pane.getByTestId('replay-result');
    await expect.poll(() => result.textContent()).toMatch(/^Replay queued as \S+ to http:\/\/127\.0\.0\.1/);
    const newId = /queued as (\S+) to/.exec((await result.textContent())!)![1]!;
    const [req] = await target.waitFor(1);
    expect(req!.body.toString()).toContain(EMAIL);
    expect(req!.headers['webhook-signature']).toMatch(/^v1,/);

    // widen the filter to any outcome: the replay arrives live, at the top, and succeeds
    await page.getByLabel('Outcome').selectOption('');
    const top = rowsOf(page).first();
    await expect.poll(() => top.getAttribute('data-id')).toBe(newId);
    await expect.poll(() => top.locator('.c-outcome').textContent()).toBe('↺ succeeded');
    expect(await top.locator('.c-status').textContent()).toBe('200');
    // the failed original no longer reads as just "failed": its replay went through
    const original = page.locator('.exchange-scroll [role="row"][data-id="dlv_ada_2"]');
    await expect.poll(() => original.locator('.c-outcome').textContent()).toBe('failed · replayed ✓');
    expect(await original.locator('.replay-mark').getAttribute('title')).toBe(`Replayed as ${newId}: succeeded`);
    await screenshot(page, 'deliveries-replayed');

    await top.click();
    await page.locator(`aside[aria-label="Exchange detail"][data-id="${newId}"]`).waitFor();
    const links = pane.getByRole('group', { name: 'Replay links' });
    await links.getByText('A replay of').waitFor();
    await links.getByRole('button', { name: 'dlv_ada_2' }).click();
    await page.locator('aside[aria-label="Exchange detail"][data-id="dlv_ada_2"]').waitFor();
    await pane.getByRole('group', { name: 'Replay links' }).getByRole('button', { name: newId }).waitFor();
    expect(await pane.getByRole('group', { name: 'Replay links' }).textContent()).toMatch(
      new RegExp(`^Replayed as ${newId}.*succeeded$`),
    );
    await screenshot(page, 'deliveries-replay-links');
  });

  it('exports the filtered set and one exchange as HAR', async () => {
    await page.locator('summary', { hasText: 'Export filtered' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export filtered as HAR' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^hookbench-exchanges-.*\.har$/);
    const har = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Har;
    expect(har.log.version).toBe('1.2');
    // 4 exchanges about Ada (3 seeded + the replay): 2 attempts each for the seeded ones, 1 for the replay
    expect(har.log.entries.length).toBe(7);
    expect(har.log.entries.every((e) => e.request.postData?.text.includes(EMAIL))).toBe(true);
    await expect.poll(() => page.getByTestId('export-status').textContent()).toMatch(/^Saved 4 exchanges/);

    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    await pane.locator('summary', { hasText: 'Export' }).click();
    const [one] = await Promise.all([
      page.waitForEvent('download'),
      pane.getByRole('button', { name: 'Export as HAR' }).click(),
    ]);
    expect(one.suggestedFilename()).toBe('hookbench-dlv_ada_2.har');
    const single = JSON.parse(readFileSync((await one.path())!, 'utf8')) as Har;
    expect(single.log.entries.map((e) => e.response.status)).toEqual([500, 500]);

    // the CLI's other formats: NDJSON fixtures and curl commands
    await page.locator('summary', { hasText: 'Export filtered' }).click();
    const [ndjson] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export filtered as NDJSON' }).click(),
    ]);
    expect(ndjson.suggestedFilename()).toMatch(/^hookbench-exchanges-.*\.ndjson$/);
    const lines = readFileSync((await ndjson.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(Array(4).fill('delivery'));
    await page.locator('summary', { hasText: 'Export filtered' }).click();
    const [curl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export filtered as curl' }).click(),
    ]);
    expect(curl.suggestedFilename()).toMatch(/^hookbench-exchanges-.*\.sh$/);
    const script = readFileSync((await curl.path())!, 'utf8');
    expect(script.match(/^curl -sS -X POST /gm)).toHaveLength(4);
    expect(script).toContain(`'${target.url}'`);
  });

  it('edit & replay starts from the bytes as sent and sends one changed field as it was typed', async () => {
    const before = target.received.length;
    await rowsOf(page)
      .filter({ has: page.locator('.c-outcome', { hasText: /^failed$/ }) })
      .first()
      .click();
    const pane = page.getByRole('complementary', { name: 'Exchange detail' });
    await page.locator('aside[aria-label="Exchange detail"][data-id="dlv_ada_0"]').waitFor();
    await pane.getByRole('button', { name: 'Edit & replay' }).click();
    const form = pane.getByRole('form', { name: 'Edit and replay' });
    const stored = JSON.stringify({ type: 'user.created', data: { id: 'usr_0', email: EMAIL, attempt: 0 } });
    const editor = form.getByTestId('code-editor-Replay body');
    await editor.locator('.monaco-editor').waitFor();
    // as sent: one line, not pretty-printed
    await expect.poll(() => editor.locator('.view-lines').textContent()).toBe(stored);
    expect(await form.getByTestId('replay-bytes').textContent()).toMatch(/^Body unchanged/);
    await form.getByRole('button', { name: 'Format JSON (changes the bytes)' }).waitFor();
    const edited = stored.replace('"attempt":0', '"attempt":10');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(edited);
    await expect
      .poll(() => form.getByTestId('replay-bytes').textContent())
      .toMatch(new RegExp(`^Edited: ${stored.length + 1} bytes, sent as a new message\\.`));
    await screenshot(page, 'deliveries-edit-replay');
    await form.getByRole('button', { name: 'Send replay' }).click();
    const sent = (await target.waitFor(before + 1))[before]!;
    expect(sent.body.toString()).toBe(edited);
  });

  it('bulk-replays the failed deliveries: a dry run first, then the run, and the button is disarmed after (journey e)', async () => {
    const before = target.received.length;
    await page.getByLabel('Outcome').selectOption('failed');
    await expect.poll(() => rowsOf(page).count()).toBe(2);
    await page.getByRole('button', { name: 'Bulk replay…' }).click();
    const panel = page.getByRole('region', { name: 'Bulk replay' });
    const run = panel.getByRole('button', { name: /^Replay/ });
    // nothing can be sent before a dry run counted exactly this filter
    expect(await run.isDisabled()).toBe(true);
    await panel.getByRole('button', { name: 'Dry run' }).click();
    await expect
      .poll(() => panel.getByTestId('bulk-count').textContent())
      .toMatch(/^Dry run: 2 exchanges match the current filter .* Nothing was sent\.$/);
    expect(target.received.length).toBe(before);
    await screenshot(page, 'deliveries-bulk-dry-run');
    // no limit: the API's "max", in words rather than "at max/s"
    await panel.getByLabel('Max: as fast as the engine goes').check();
    expect(await panel.getByLabel('Replays per second').isDisabled()).toBe(true);
    await panel.getByRole('button', { name: 'Replay 2' }).click();
    const bar = panel.getByRole('progressbar', { name: 'Bulk replay progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow')).toBe('2');
    await expect
      .poll(() => panel.getByTestId('bulk-status').textContent())
      .toBe('2 of 2 · 2 succeeded · 0 failed · completed as fast as the engine goes');
    const arrived = await target.waitFor(before + 2);
    expect(arrived.slice(before).every((r) => r.body.toString().includes(EMAIL))).toBe(true);
    // replaying the same set again is not one click away: the count was used up
    expect(await run.textContent()).toBe('Replay');
    expect(await run.isDisabled()).toBe(true);
    expect(await panel.getByTestId('bulk-count').textContent()).toMatch(/run a new dry run/);
    await screenshot(page, 'deliveries-bulk-replay');

    // every failed row (seeded ones too), to the local server at 5/s: cancel after the first few
    await page.getByRole('searchbox', { name: /Search/ }).fill('');
    await panel.getByLabel('Send to').selectOption('url');
    await panel.getByLabel('URL').fill(target.url);
    await panel.getByLabel('Secret').fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await panel.getByLabel('Max: as fast as the engine goes').uncheck();
    await panel.getByLabel('Replays per second').fill('5');
    await expect.poll(() => page.url()).not.toContain('q=');
    await panel.getByRole('button', { name: 'Dry run' }).click();
    await expect
      .poll(async () =>
        Number((await panel.getByTestId('bulk-count').textContent())?.match(/^Dry run: (\d+)/)?.[1] ?? 0),
      )
      .toBeGreaterThan(50);
    await panel.getByRole('button', { name: /^Replay \d+/ }).click();
    await expect
      .poll(() => panel.getByTestId('bulk-status').textContent())
      .toMatch(/^[1-9]\d* of \d+ .* running at up to 5\/s$/);
    await panel.getByRole('button', { name: 'Cancel bulk replay' }).click();
    await expect.poll(() => panel.getByTestId('bulk-status').textContent(), { timeout: 15_000 }).toMatch(/· cancelled/);
    const done = Number(await bar.getAttribute('aria-valuenow'));
    expect(done).toBeLessThan(Number(await bar.getAttribute('aria-valuemax')));
    await screenshot(page, 'deliveries-bulk-cancelled');
    await panel.getByRole('button', { name: 'Close bulk replay' }).click();
  });

  it('says what to do when nothing matches, and / focuses the search', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('grid', { name: 'Exchanges' }).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: /Search/ });
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('exchange-search');
    // a search the core cannot run is the user's input to fix, said next to the box; the rows stay
    await search.fill('*');
    await page.getByText(/^Search for a word with a letter or digit/).waitFor();
    expect(await search.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('The exchanges could not be read').count()).toBe(0);
    expect(await rowsOf(page).count()).toBeGreaterThan(0);
    await screenshot(page, 'deliveries-search-problem');
    // Esc leaves the box and keeps what was typed and found
    await search.fill('ada');
    await expect.poll(() => page.url()).toContain('q=ada');
    await search.press('Escape');
    expect(await search.inputValue()).toBe('ada');
    expect(page.url()).toContain('q=ada');
    await search.fill('nobody-writes-this-word');
    await page.getByText('Nothing matches these filters').waitFor();
    await screenshot(page, 'deliveries-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await rowsOf(page).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
