import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MenuItemView } from '../../support/desktop-harness';
import { useDesktopWorkspaces } from '../../support/desktop-workspaces';
import { runCli } from '../../support/run-cli';

/** Menu, window placement, logs, and the CLI finding the app: the built main process on the electron stand-in. */
const { workspace, launch } = useDesktopWorkspaces();

const labels = (items: MenuItemView[] | undefined) => (items ?? []).map((i) => i.label ?? i.role ?? i.type);
const submenu = (menu: MenuItemView[], label: string) => menu.find((i) => i.label === label)?.submenu ?? [];
const roles = (menu: MenuItemView[]): string[] =>
  menu.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);

describe('desktop details', () => {
  it("has File / Edit / View / Window / Help with Hookbench's own items, and no developer tools when packaged", async () => {
    const w = workspace();
    const app = launch({ userData: w.userData, journalFile: w.journal('a') });
    const { menu } = await app.waitForWindow();
    expect(labels(menu!)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels(submenu(menu!, 'File'))).toEqual([
      'New Subscription',
      'Send Event…',
      'separator',
      'Open Data Folder',
      'separator',
      'quit',
    ]);
    expect(labels(submenu(menu!, 'Help'))).toEqual([
      'Keyboard Shortcuts',
      'Show Log File',
      'separator',
      'About Hookbench',
    ]);
    expect(roles(menu!)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(menu!)).not.toContain('toggleDevTools');
    expect(roles(menu!)).not.toContain('reload');

    await app.request('menu-click', { path: ['File', 'New Subscription'] });
    await app.request('menu-click', { path: ['View', 'Deliveries'] });
    await app.request('menu-click', { path: ['Help', 'Keyboard Shortcuts'] });
    await app.request('menu-click', { path: ['File', 'Open Data Folder'] });
    await app.request('menu-click', { path: ['Help', 'Show Log File'] });
    const state = await app.state();
    expect(state.menuCommands).toEqual([
      { kind: 'new-subscription' },
      { kind: 'go', area: 'deliveries' },
      { kind: 'shortcuts' },
    ]);
    expect(state.opened).toEqual([`path ${w.userData}`, `item ${join(w.userData, 'logs', 'hookbench.log')}`]);
  });

  it('offers reload and developer tools in a development build', async () => {
    const w = workspace();
    const app = launch({ userData: w.userData, journalFile: w.journal('a'), env: { HB_STANDIN_PACKAGED: '0' } });
    const { menu } = await app.waitForWindow();
    expect(roles(menu!)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('remembers the window size, position and maximized state, clamped to the displays still there', async () => {
    const w = workspace();
    const first = launch({ userData: w.userData, journalFile: w.journal('1') });
    const opened = await first.waitForWindow();
    expect(opened.windows[0]!.bounds).toEqual({ x: 280, y: 90, width: 1360, height: 860 }); // centred on 1920×1040
    await first.request('window-bounds', { bounds: { x: 100, y: 50, width: 1200, height: 800 } });
    await first.request('window-close');
    expect(await first.exited()).toBe(0);
    expect(JSON.parse(readFileSync(join(w.userData, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 100, y: 50, width: 1200, height: 800 },
      maximized: false,
    });

    const second = launch({ userData: w.userData, journalFile: w.journal('2') });
    expect((await second.waitForWindow()).windows[0]!.bounds).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
    await second.request('window-maximize');
    await second.request('quit');
    expect(await second.exited()).toBe(0);

    // the big display is gone: a 1280×720 laptop screen remains
    const third = launch({
      userData: w.userData,
      journalFile: w.journal('3'),
      env: { HB_STANDIN_DISPLAYS: '[{"id":7,"workArea":{"x":0,"y":0,"width":1280,"height":720}}]' },
    });
    const placed = (await third.waitForWindow()).windows[0]!;
    expect(placed.maximized).toBe(true);
    expect(placed.bounds).toEqual({ x: 80, y: 0, width: 1200, height: 720 });
  });

  it('writes its log to a file in the data dir', async () => {
    const w = workspace();
    const app = launch({ userData: w.userData, journalFile: w.journal('a') });
    await app.waitForWindow();
    await app.request('quit');
    await app.exited();
    const log = readFileSync(join(w.userData, 'logs', 'hookbench.log'), 'utf8');
    expect(log).toMatch(/^\S+Z info Hookbench 0\.1\.0 started; data in /m);
  });

  it("the CLI finds the running desktop app in Electron's userData (productName Hookbench) with no flags", async () => {
    const w = workspace();
    const env = {
      HOME: w.dir,
      XDG_CONFIG_HOME: join(w.dir, 'config'),
      XDG_DATA_HOME: join(w.dir, 'data'),
      HOOKBENCH_DATA_DIR: '',
      HOOKBENCH_API_KEY: '',
    };
    const app = launch({ journalFile: w.journal('a'), env });
    await app.waitForWindow();
    expect(existsSync(join(w.dir, 'config', 'Hookbench', 'instance.json'))).toBe(true);
    const created = await app.call('createSubscription', { name: 'made in the window', url: 'http://127.0.0.1:9/' });
    expect(created.ok).toBe(true);

    const listed = await runCli(['subscriptions', 'list', '--json'], { env });
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'made in the window' })]);

    await app.request('quit');
    await app.exited();
    const none = await runCli(['subscriptions', 'list'], { env });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(
      `No Hookbench is running for ${join(w.dir, 'data', 'hookbench')} or ${join(w.dir, 'config', 'Hookbench')}`,
    );
  });
});
