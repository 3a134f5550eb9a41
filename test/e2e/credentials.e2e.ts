import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startHeadless, type HeadlessProcess } from '../support/headless-process';
import { tempDir } from '../support/temp';

/** Every request a listener got, as raw header lines: what the browser attached by itself. */
async function listen(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}\n${req.rawHeaders.join('\n')}`);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another local app</title><p>hi');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/**
 * Class 3 of issue 13: after the UI is opened, no Hookbench credential reaches
 * another port of 127.0.0.1 — another local app, or Hookbench's own receiver —
 * and the capture log holds none.
 */
describe('no Hookbench credential leaves the app’s port (Chromium)', () => {
  const tmp = tempDir('hb-e2e-cred-');
  let hb: HeadlessProcess;
  let receiver: string;
  let other: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const rpc = async <T>(name: string, input: unknown): Promise<T> => {
    const res = await fetch(`${hb.origin}/rpc/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hb.token}` },
      body: JSON.stringify(input),
    });
    const result = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!result.ok) throw new Error(result.error?.message);
    return result.value;
  };

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    receiver = await new Promise<string>((resolve) => {
      const check = () => {
        const m = /Receiver: (http:\/\/\S+)/.exec(hb.output());
        if (m) resolve(m[1]!);
        else hb.child.stdout!.once('data', check);
      };
      check();
    });
    other = await listen();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    other?.server.close();
    tmp.cleanup();
  });

  it('the UI works with the token kept in the page: no cookie is set', async () => {
    await page.goto(hb.url);
    await page.getByText('Connected').waitFor();
    expect(page.url()).toBe(`${hb.origin}/`);
    expect(await context.cookies()).toEqual([]);
    // The page proves it holds the token by listing something only the API can give.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('status-version').waitFor();
    await screenshot(page, 'credentials-ui-connected');
  });

  it('another loopback port and the receiver get no Hookbench credential from the same browser', async () => {
    const inbox = await rpc<{ slug: string; id: string }>('createInbox', { name: 'from the browser' });
    const tab = await context.newPage();
    await tab.goto(`${other.url}/probe`);
    await tab.goto(`${receiver}/in/${inbox.slug}/probe?x=1`);
    // The UI tab still works and keeps streaming.
    await page.reload();
    await page.getByText('Connected').waitFor();
    expect(other.seen.length).toBeGreaterThan(0);
    for (const request of other.seen) {
      expect(request).not.toContain(hb.token);
      expect(request.toLowerCase()).not.toMatch(/hookbench_token|\nauthorization\n|\ncookie\n/);
    }
    const page1 = await rpc<{ items: { id: string }[] }>('queryExchanges', { inboxId: inbox.id });
    expect(page1.items).toHaveLength(1);
    const logged = JSON.stringify(await rpc('exportExchanges', { kind: 'capture' }));
    expect(logged).toContain('/probe');
    expect(logged).not.toContain(hb.token);
    expect(logged).not.toContain('hookbench_token');
    await tab.close();
  });

  it('a cookie left by an older Hookbench is dropped by the UI and cut out by the receiver', async () => {
    const host = new URL(hb.origin).hostname;
    await context.addCookies([{ name: 'hookbench_token', value: hb.token, domain: host, path: '/' }]);
    const inbox = await rpc<{ slug: string; id: string }>('createInbox', { name: 'stale cookie' });
    const tab = await context.newPage();
    // The receiver is reached first, while the browser still holds the old cookie.
    await tab.goto(`${receiver}/in/${inbox.slug}/stale`);
    const logged = JSON.stringify(await rpc('exportExchanges', { inboxId: inbox.id }));
    expect(logged).toContain('/stale');
    expect(logged).not.toContain(hb.token);
    expect(logged).not.toContain('hookbench_token');
    // Opening the UI tells the browser to forget it; from then on no other port is sent it.
    await page.goto(hb.url);
    await page.getByText('Connected').waitFor();
    expect((await context.cookies()).map((c) => c.name)).not.toContain('hookbench_token');
    const before = other.seen.length;
    await tab.goto(`${other.url}/after`);
    expect(other.seen.slice(before).join('\n')).not.toContain(hb.token);
    await tab.close();
  });
});

describe('a tab opened without the token', () => {
  const tmp = tempDir('hb-e2e-notoken-');
  let hb: HeadlessProcess;
  let browser: Browser;

  beforeAll(async () => {
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hb?.stop();
    tmp.cleanup();
  });

  it('says how to get in, and its requests carry no credential', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${hb.origin}/#/settings`);
    await page.getByText('No access token: open the “Hookbench UI” URL that hookbench serve printed').waitFor();
    await screenshot(page, 'credentials-no-token');
  });
});
