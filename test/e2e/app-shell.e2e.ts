import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useHeadlessPage } from '../support/headless-page';

describe('app shell in Chromium through headless mode', () => {
  const ui = useHeadlessPage('hb-e2e-shell-', { viewport: { width: 1280, height: 800 } });

  it('opens the printed URL, drops the token from the address bar and shows the frame', async () => {
    await ui.page.goto(ui.hb.url);
    await expect.poll(() => ui.page.url()).toBe(`${ui.hb.origin}/`);
    const nav = ui.page.getByRole('navigation', { name: 'Main' });
    for (const area of ['Subscriptions', 'Send', 'Deliveries', 'Inbox', 'Verify', 'Settings']) {
      await nav.getByRole('link', { name: area }).waitFor();
    }
    await ui.page.getByText('Connected').waitFor();
  });

  it('navigates the frame: the link, the heading and the address follow', async () => {
    const nav = ui.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Verify' }).click();
    await expect.poll(() => ui.page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify');
    expect(await nav.getByRole('link', { name: 'Verify' }).getAttribute('aria-current')).toBe('page');
    // every area is built now: none may fall back to the "not built yet" placeholder
    expect(await ui.page.getByRole('heading', { name: /not built yet/ }).count()).toBe(0);
    expect(ui.page.url()).toMatch(/#\/verify$/);
  });

  it('shows the live status from the core in Settings', async () => {
    await ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const facts = ui.page.getByRole('definition');
    await ui.page.getByTestId('status-version').waitFor();
    expect(await ui.page.getByTestId('status-data-dir').textContent()).toBe(ui.dataDir);
    const listening = ui.page.getByRole('list', { name: 'Listening addresses' });
    expect(await listening.textContent()).toContain(`${ui.hb.origin}/`);
    expect(await facts.count()).toBeGreaterThan(4);
    const uptime = await ui.page.getByTestId('status-uptime').textContent();
    expect(uptime).toMatch(/\d+ s|min/);
    await screenshot(ui.page, 'shell-settings');
  });

  it('creates an API key in Settings, shows it once, and revokes it', async () => {
    await ui.page.getByLabel('Name').fill('ci');
    await ui.page.getByRole('button', { name: 'Create key' }).click();
    const key = await ui.page.getByTestId('created-api-key').textContent();
    expect(key).toMatch(/^hbk_/);
    const table = ui.page.getByRole('table', { name: 'API keys' });
    await table.getByRole('cell', { name: 'ci', exact: true }).waitFor();
    expect(await table.textContent()).not.toContain(key!);
    const api = await fetch(`${ui.hb.origin}/api/v1/status`, { headers: { Authorization: key! } });
    expect(api.status).toBe(200);
    await screenshot(ui.page, 'settings-api-key');
    ui.page.once('dialog', (d) => void d.accept());
    await table.getByRole('button', { name: 'Revoke ci' }).click();
    await ui.page.getByText('No API keys yet.').waitFor();
    expect((await fetch(`${ui.hb.origin}/api/v1/status`, { headers: { Authorization: key! } })).status).toBe(401);
  });

  it('without its token the page says which URL to open, instead of reconnecting forever', async () => {
    const bare = await ui.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const streams: string[] = [];
    bare.on('request', (r) => void (new URL(r.url()).pathname === '/events' && streams.push(r.url())));
    await bare.goto(`${ui.hb.origin}/`);
    const notice = bare.getByRole('main').getByRole('alert');
    await notice.getByText('No access token: open the “Hookbench UI” URL that hookbench serve printed').waitFor();
    expect(await bare.getByRole('main').textContent()).not.toContain('Reconnecting');
    await screenshot(bare, 'shell-no-token');

    // a token of an earlier run: refused once, and no event stream is asked for with it
    await bare.goto(`${ui.hb.origin}/?token=from-an-earlier-run`);
    await notice.getByText(/^Access token refused \(Hookbench restarted\?\): open the “Hookbench UI” URL/).waitFor();
    await bare.waitForTimeout(1500);
    expect(streams).toEqual([]);
    await bare.close();
  });

  it('keeps working after a reload (cookie, not URL token)', async () => {
    await ui.page.reload();
    await ui.page.getByTestId('status-version').waitFor();
    expect(ui.page.url()).toMatch(/#\/settings$/);
  });
});
