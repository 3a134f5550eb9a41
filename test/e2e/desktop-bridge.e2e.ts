import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshot } from '../support/browser';
import { startDesktop, type MenuItemView } from '../support/desktop-harness';
import { useHeadlessPage } from '../support/headless-page';
import { tempDir } from '../support/temp';

type StandIn = {
  registrations: number;
  deliver(batch: unknown[]): void;
  menu(command: unknown): void;
};

/**
 * The real renderer with the desktop bridge, in Chromium: what the preload
 * exposes is stood in by a script that forwards calls to headless mode's /rpc
 * and lets the test push event batches and menu commands as the main process
 * would over IPC.
 */
describe('the renderer on the desktop bridge, in Chromium', () => {
  const ui = useHeadlessPage('hb-e2e-desktop-', { viewport: { width: 1280, height: 800 } });

  beforeAll(async () => {
    await ui.page.goto(ui.hb.url);
    // The stand-in's calls carry the per-run token, as IPC carries the local owner: the renderer asks who it is first.
    await ui.page.addInitScript((token: string) => {
      const feeds = { events: new Set<(b: unknown[]) => void>(), menu: new Set<(c: unknown) => void>() };
      const standIn = {
        registrations: 0,
        deliver: (batch: unknown[]) => feeds.events.forEach((l) => l(batch)),
        menu: (command: unknown) => feeds.menu.forEach((l) => l(command)),
      };
      const call = (name: string) => async (input: unknown) => {
        const res = await fetch(`/rpc/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: input === undefined ? '' : JSON.stringify(input),
          credentials: 'same-origin',
        });
        return res.json();
      };
      Object.assign(window, {
        __standIn: standIn,
        hookbench: {
          calls: new Proxy({}, { get: (_t, name) => call(String(name)) }),
          onEvents(listener: (b: unknown[]) => void) {
            standIn.registrations++;
            feeds.events.add(listener);
            return () => feeds.events.delete(listener);
          },
          onMenuCommand(listener: (c: unknown) => void) {
            feeds.menu.add(listener);
            return () => feeds.menu.delete(listener);
          },
        },
      });
    }, ui.hb.token);
    await ui.page.goto(`${ui.hb.origin}/#/subscriptions`);
    await ui.page.reload(); // a hash change alone is no new document: the init script runs on this load
    await ui.page.getByText('Connected').waitFor();
  });

  // (functions passed to evaluate run in the page: each reaches the stand-in itself)
  type Win = { __standIn: StandIn };
  const registrations = () => ui.page.evaluate(() => (window as unknown as Win).__standIn.registrations);
  const deliver = (batch: unknown[]) => ui.page.evaluate((b) => (window as unknown as Win).__standIn.deliver(b), batch);
  const menu = (command: unknown) => ui.page.evaluate((c) => (window as unknown as Win).__standIn.menu(c), command);

  it('subscribes to the preload once however many stores listen, and hands a batch to each', async () => {
    await ui.page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
    expect(await registrations()).toBe(1);
    const answer = await fetch(`${ui.hb.origin}/rpc/getStatus`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ui.hb.token}` },
    });
    const status = ((await answer.json()) as { value: Record<string, unknown> }).value;
    await deliver([
      { name: 'status.changed', payload: { ...status, version: '9.9.9-batch' } },
      { name: 'inbox.changed', payload: { id: 'inbox_none', change: 'deleted' } },
    ]);
    await ui.page.getByText('v9.9.9-batch').waitFor();
  });

  it('carries out the menu: an area, New Subscription from elsewhere, the shortcut list', async () => {
    await menu({ kind: 'go', area: 'verify' });
    await ui.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();

    await menu({ kind: 'new-subscription' });
    await ui.page.getByRole('dialog', { name: 'New subscription' }).waitFor();
    expect(ui.page.url()).toMatch(/#\/subscriptions$/);
    await screenshot(ui.page, 'desktop-menu-new-subscription');
    await ui.page.keyboard.press('Escape');
    await ui.page.getByRole('dialog', { name: 'New subscription' }).waitFor({ state: 'hidden' });

    await menu({ kind: 'shortcuts' });
    await ui.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await ui.page.keyboard.press('Escape');
  });
});

/** The application menu as the built main process sets it, drawn the way a Linux desktop shows it. */
describe('the application menu, rendered from the harness', () => {
  const tmp = tempDir('hb-e2e-menu-');
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
    tmp.cleanup();
  });

  function html(menu: MenuItemView[]): string {
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const roleLabels: Record<string, string> = {
      undo: 'Undo',
      redo: 'Redo',
      cut: 'Cut',
      copy: 'Copy',
      paste: 'Paste',
      delete: 'Delete',
      selectAll: 'Select All',
      resetZoom: 'Actual Size',
      zoomIn: 'Zoom In',
      zoomOut: 'Zoom Out',
      togglefullscreen: 'Toggle Full Screen',
      minimize: 'Minimize',
      close: 'Close',
      quit: 'Quit',
      reload: 'Reload',
      forceReload: 'Force Reload',
      toggleDevTools: 'Toggle Developer Tools',
    };
    const roleKeys: Record<string, string> = {
      undo: 'Ctrl+Z',
      redo: 'Ctrl+Shift+Z',
      cut: 'Ctrl+X',
      copy: 'Ctrl+C',
      paste: 'Ctrl+V',
      selectAll: 'Ctrl+A',
      resetZoom: 'Ctrl+0',
      zoomIn: 'Ctrl+Plus',
      zoomOut: 'Ctrl+-',
      togglefullscreen: 'F11',
      minimize: 'Ctrl+M',
      close: 'Ctrl+W',
      quit: 'Ctrl+Q',
    };
    const items = (list: MenuItemView[]) =>
      list
        .map((i) =>
          i.type === 'separator'
            ? '<li class="sep"></li>'
            : `<li><span>${escape(i.label ?? roleLabels[i.role!] ?? i.role!)}</span><kbd>${escape((i.accelerator ?? roleKeys[i.role!] ?? '').replace('CmdOrCtrl', 'Ctrl'))}</kbd></li>`,
        )
        .join('');
    return `<style>
      body { margin: 0; font: 13px system-ui, sans-serif; background: #e9ecef; }
      .bar { display: flex; gap: 2px; background: #f8f9fa; border-bottom: 1px solid #ced4da; padding: 2px 6px; }
      .bar span { padding: 4px 10px; border-radius: 4px; }
      .bar span.open { background: #dbe4ff; }
      .menus { display: flex; gap: 14px; padding: 8px 6px; align-items: flex-start; }
      ul { list-style: none; margin: 0; padding: 4px 0; background: #fff; border: 1px solid #ced4da; border-radius: 6px; box-shadow: 0 4px 12px #0002; min-width: 200px; }
      li { display: flex; justify-content: space-between; gap: 24px; padding: 4px 14px; }
      li.sep { padding: 0; margin: 4px 0; border-top: 1px solid #e9ecef; }
      kbd { font: inherit; color: #868e96; }
    </style>
    <div class="bar">${menu.map((m) => `<span class="open">${escape(m.label!)}</span>`).join('')}</div>
    <div class="menus">${menu.map((m) => `<div><div class="title">${escape(m.label!)}</div><ul>${items(m.submenu ?? [])}</ul></div>`).join('')}</div>`;
  }

  it('shows File / Edit / View / Window / Help with their items', async () => {
    const app = startDesktop({ userData: join(tmp.dir, 'Hookbench'), journalFile: join(tmp.dir, 'journal') });
    let menu: MenuItemView[];
    try {
      menu = (await app.waitForWindow()).menu!;
    } finally {
      app.kill();
    }
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1180, height: 430 } });
    await page.setContent(html(menu));
    for (const label of ['New Subscription', 'Open Data Folder', 'Keyboard Shortcuts', 'About Hookbench', 'Deliveries'])
      await page.getByText(label, { exact: true }).waitFor();
    expect(await page.getByText('Toggle Developer Tools').count()).toBe(0);
    await screenshot(page, 'desktop-menu');
  });
});
