import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const WRONG = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const BODY =
  '{"type":"user.created","timestamp":"2026-01-01T00:00:00Z","data":{"id":"usr_1","email":"ada@example.com"}}';

/** Replaces the text of the Monaco editor labelled `label` (typed as one insertion, no auto-closing). */
async function fillEditor(page: Page, label: string, text: string): Promise<void> {
  const box = page.getByTestId(`code-editor-${label}`);
  await box.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('Verify in Chromium through headless mode', () => {
  const tmp = tempDir('hb-e2e-verify-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('pageerror', (e) => cspErrors.push(String(e)));
    await page.goto(hb.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify' }).click();
    await page.getByRole('form', { name: 'Request to verify' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    tmp.cleanup();
  });

  it('says what to do before anything is verified', async () => {
    await page.getByText('Nothing verified yet').waitFor();
    await page.locator('.code-editor[data-ready="true"] .monaco-editor').waitFor();
    await screenshot(page, 'verify-empty');
  });

  it('verifies a request signed by the standardwebhooks library', async () => {
    const id = 'msg_2x8yKQ9r8GKYqrTwjUPD8I';
    const now = new Date();
    const signature = new Webhook(SECRET).sign(id, now, BODY);
    const headers = [
      `webhook-id: ${id}`,
      `webhook-timestamp: ${Math.floor(now.getTime() / 1000)}`,
      `webhook-signature: ${signature}`,
      'content-type: application/json',
    ].join('\n');

    await page.getByLabel('Profile').selectOption('standard-webhooks');
    await page.getByRole('textbox', { name: /^Secret/ }).fill(SECRET);
    await page.getByRole('textbox', { name: 'Headers' }).fill(headers);
    await fillEditor(page, 'Body', BODY);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();

    const result = page.getByRole('region', { name: 'Verification result' });
    await result.locator('[data-testid="verify-outcome"][data-valid="true"]').waitFor();
    expect(await result.getByRole('status').textContent()).toMatch(/^✓ Valid/);
    const steps = result.getByRole('list', { name: 'Verification steps' }).getByRole('listitem');
    expect(await steps.count()).toBeGreaterThan(2);
    await result.getByRole('listitem', { name: 'Signature: passed' }).waitFor();
    expect(await result.getByLabel('Computed values').textContent()).toContain(`${BODY.length} bytes`);
    await screenshot(page, 'verify-valid');
  });

  it('with a wrong secret, names the signature step and gives a hint (Ctrl+Enter runs it)', async () => {
    await page.getByRole('textbox', { name: /^Secret/ }).fill(WRONG);
    await page.getByRole('textbox', { name: 'Headers' }).press('Control+Enter');
    const result = page.getByRole('region', { name: 'Verification result' });
    await result.locator('[data-testid="verify-outcome"][data-valid="false"]').waitFor();
    expect(await result.getByRole('status').textContent()).toMatch(/^✗ Invalid/);
    await result.getByRole('listitem', { name: 'Signature: failed' }).waitFor();
    expect(await page.getByTestId('verify-verdict').textContent()).toMatch(/signature/i);
    expect(await result.getByRole('list', { name: 'Hints' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await screenshot(page, 'verify-wrong-secret');
  });

  it('shows unreadable headers inline instead of calling the core', async () => {
    await page.getByRole('textbox', { name: 'Headers' }).fill('webhook-id msg_1\nwebhook-timestamp: 1');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByText(/Line 1: expected "Name: value"/).waitFor();
    expect(await page.getByRole('textbox', { name: 'Headers' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('region', { name: 'Verification result' }).count()).toBe(0);
    await screenshot(page, 'verify-bad-headers');
  });

  it('notes (without blocking) a body that is not valid JSON, with a marker in the editor', async () => {
    await fillEditor(page, 'Body', '{"type": "user.created",}');
    await page.getByText(/Not valid JSON \(Line 1, column \d+/).waitFor();
    await page.locator('.code-editor .squiggly-error').first().waitFor();
    expect(await page.getByRole('button', { name: 'Verify', exact: true }).isDisabled()).toBe(false);
    await screenshot(page, 'verify-body-not-json');
  });

  it('verifies a custom HMAC scheme described in the form (GitHub-style sha256= hex over the body)', async () => {
    const secret = 'it-is-a-secret';
    const signature = `sha256=${createHmac('sha256', secret).update(BODY).digest('hex')}`;
    await page.getByLabel('Profile').selectOption('custom-hmac');
    const scheme = page.getByRole('group', { name: 'Custom HMAC scheme' });
    await scheme.getByLabel('Signature header').fill('X-Hub-Signature-256');
    await scheme.getByLabel('Prefix').fill('sha256=');
    await scheme.getByLabel('Encoding').selectOption('hex');
    await scheme.getByLabel('Signed content').fill('{body}');
    await page.getByRole('textbox', { name: /^Secret/ }).fill(secret);
    await page.getByRole('textbox', { name: 'Headers' }).fill(`X-Hub-Signature-256: ${signature}`);
    await fillEditor(page, 'Body', BODY);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const result = page.getByRole('region', { name: 'Verification result' });
    await result.locator('[data-testid="verify-outcome"][data-valid="true"]').waitFor();
    await screenshot(page, 'verify-custom-hmac');
    await page.getByLabel('Profile').selectOption('standard-webhooks');
    await page.getByRole('textbox', { name: /^Secret/ }).fill(WRONG);
  });

  it('lists the keyboard shortcuts on "?" (not while typing); Esc closes; Alt+digit switches areas', async () => {
    await page.getByRole('textbox', { name: 'Headers' }).press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.getByRole('region', { name: 'Send and Verify' }).textContent()).toMatch(
      /Enter.*verify the request/,
    );
    expect(await dialog.getByRole('region', { name: 'Anywhere' }).textContent()).toContain('Go to Settings');
    await screenshot(page, 'shortcuts-overlay');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Send');
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify');
    // the form kept what was typed while away
    expect(await page.getByRole('textbox', { name: /^Secret/ }).inputValue()).toBe(WRONG);
  });

  it('loaded everything from the app itself (no CSP violations, no page errors)', () => {
    expect(cspErrors).toEqual([]);
  });
});
