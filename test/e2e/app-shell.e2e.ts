import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';

describe('app shell in Chromium through headless mode', () => {
  const tmp = tempDir('hb-e2e-shell-');
  let hb: HeadlessProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    tmp.cleanup();
  });

  it('opens the printed URL, drops the token from the address bar and shows the frame', async () => {
    await page.goto(hb.url);
    await expect.poll(() => page.url()).toBe(`${hb.origin}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const area of ['Subscriptions', 'Send', 'Deliveries', 'Inbox', 'Verify', 'Settings']) {
      await nav.getByRole('link', { name: area }).waitFor();
    }
    await page.getByText('Connected').waitFor();
  });

  it('navigates the frame: the link, the heading and the address follow', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify');
    expect(await nav.getByRole('link', { name: 'Verify' }).getAttribute('aria-current')).toBe('page');
    // every area is built now: none may fall back to the "not built yet" placeholder
    expect(await page.getByRole('heading', { name: /not built yet/ }).count()).toBe(0);
    expect(page.url()).toMatch(/#\/verify$/);
  });

  it('shows the live status from the core in Settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const facts = page.getByRole('definition');
    await page.getByTestId('status-version').waitFor();
    expect(await page.getByTestId('status-data-dir').textContent()).toBe(tmp.dir);
    const listening = page.getByRole('list', { name: 'Listening addresses' });
    expect(await listening.textContent()).toContain(`${hb.origin}/`);
    expect(await facts.count()).toBeGreaterThan(4);
    const uptime = await page.getByTestId('status-uptime').textContent();
    expect(uptime).toMatch(/\d+ s|min/);
    await screenshot(page, 'shell-settings');
  });

  it('creates an API key in Settings, shows it once, and revokes it', async () => {
    await page.getByLabel('Name').fill('ci');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('created-api-key').textContent();
    expect(key).toMatch(/^hbk_/);
    const table = page.getByRole('table', { name: 'API keys' });
    await table.getByRole('cell', { name: 'ci', exact: true }).waitFor();
    expect(await table.textContent()).not.toContain(key!);
    const api = await fetch(`${hb.origin}/api/v1/status`, { headers: { Authorization: key! } });
    expect(api.status).toBe(200);
    await screenshot(page, 'settings-api-key');
    page.once('dialog', (d) => void d.accept());
    await table.getByRole('button', { name: 'Revoke ci' }).click();
    await page.getByText('No API keys yet.').waitFor();
    expect((await fetch(`${hb.origin}/api/v1/status`, { headers: { Authorization: key! } })).status).toBe(401);
  });

  it('without its token the page says which URL to open, instead of reconnecting forever', async () => {
    const bare = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const streams: string[] = [];
    bare.on('request', (r) => void (new URL(r.url()).pathname === '/events' && streams.push(r.url())));
    await bare.goto(`${hb.origin}/`);
    const notice = bare.getByRole('main').getByRole('alert');
    await notice.getByText('No access token: open the “Hookbench UI” URL that hookbench serve printed').waitFor();
    expect(await bare.getByRole('main').textContent()).not.toContain('Reconnecting');
    await screenshot(bare, 'shell-no-token');

    // a token of an earlier run: refused once, and no event stream is asked for with it
    await bare.goto(`${hb.origin}/?token=from-an-earlier-run`);
    await notice.getByText(/^Access token refused \(Hookbench restarted\?\): open the “Hookbench UI” URL/).waitFor();
    await bare.waitForTimeout(1500);
    expect(streams).toEqual([]);
    await bare.close();
  });

  it('keeps working after a reload (cookie, not URL token)', async () => {
    await page.reload();
    await page.getByTestId('status-version').waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
  });
});
