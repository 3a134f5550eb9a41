import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuContext } from '../../../electron/main/menu';

const actions = () => ({ send: vi.fn(), openDataFolder: vi.fn(), showLogFile: vi.fn(), showAbout: vi.fn() });
const top = (t: MenuItemConstructorOptions[]) => t.map((i) => (i.label ?? i.role)!.replace('&', ''));
const items = (t: MenuItemConstructorOptions[], label: string) =>
  (t.find((i) => i.label?.replace('&', '') === label)!.submenu as MenuItemConstructorOptions[]) ?? [];
const allRoles = (t: MenuItemConstructorOptions[]): string[] =>
  t.flatMap((i) => [...(i.role ? [i.role] : []), ...allRoles((i.submenu as MenuItemConstructorOptions[]) ?? [])]);

describe('application menu template', () => {
  const ctx = (over: Partial<MenuContext> = {}) => ({
    appName: 'Hookbench',
    platform: 'linux' as NodeJS.Platform,
    isPackaged: true,
    actions: actions(),
    ...over,
  });

  it('on macOS starts with the app menu (About, Hide, Quit) and keeps About out of Help', () => {
    const t = menuTemplate(ctx({ platform: 'darwin' }));
    expect(top(t)).toEqual(['Hookbench', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(allRoles([t[0]!])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(items(t, 'Help').map((i) => i.label)).toEqual(['Keyboard Shortcuts', 'Show Log File']);
    expect(items(t, 'File').at(-1)).toEqual({ role: 'close' });
  });

  it('wires the items to their actions', () => {
    const c = { ...ctx(), actions: actions() };
    const t = menuTemplate(c);
    const click = (menu: string, label: string) =>
      (items(t, menu).find((i) => i.label === label)!.click as () => void)();
    click('File', 'New Subscription');
    click('File', 'Send Event…');
    click('View', 'Inbox');
    click('Help', 'Keyboard Shortcuts');
    click('Help', 'About Hookbench');
    click('File', 'Open Data Folder');
    expect(c.actions.send.mock.calls).toEqual([
      [{ kind: 'new-subscription' }],
      [{ kind: 'go', area: 'send' }],
      [{ kind: 'go', area: 'inbox' }],
      [{ kind: 'shortcuts' }],
    ]);
    expect(c.actions.showAbout).toHaveBeenCalledOnce();
    expect(c.actions.openDataFolder).toHaveBeenCalledOnce();
    expect(
      items(t, 'View')
        .filter((i) => i.accelerator?.startsWith('Alt+'))
        .map((i) => i.accelerator),
    ).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5', 'Alt+6']);
  });

  it('has developer tools only in development builds', () => {
    expect(allRoles(menuTemplate(ctx()))).not.toContain('toggleDevTools');
    expect(allRoles(menuTemplate(ctx({ isPackaged: false })))).toContain('toggleDevTools');
  });
});
