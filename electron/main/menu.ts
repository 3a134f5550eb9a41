import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api/bridge';

/** What the menu's own items do; the shell passes the real actions, tests pass recorders. */
export interface MenuActions {
  /** Hands a command to the page (new subscription, go to an area, the shortcut list). */
  send(command: MenuCommand): void;
  openDataFolder(): void;
  showLogFile(): void;
  showAbout(): void;
}

export interface MenuContext {
  appName: string;
  platform: NodeJS.Platform;
  /** Packaged builds have no developer tools and no reload. */
  isPackaged: boolean;
  actions: MenuActions;
}

const AREAS = [
  ['subscriptions', 'Subscriptions'],
  ['send', 'Send'],
  ['deliveries', 'Deliveries'],
  ['inbox', 'Inbox'],
  ['verify', 'Verify'],
  ['settings', 'Settings'],
] as const;

/**
 * The application menu: File / Edit / View / Window / Help with Hookbench's
 * own items (and the app menu on macOS). Edit keeps the standard roles so
 * copy, paste and undo work in every text field and the editor.
 */
export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const { actions } = ctx;
  const appMenu: MenuItemConstructorOptions = {
    label: ctx.appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        label: 'New Subscription',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.send({ kind: 'new-subscription' }),
      },
      { label: 'Send Event…', click: () => actions.send({ kind: 'go', area: 'send' }) },
      { type: 'separator' },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = ctx.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...AREAS.map(([area, label], i): MenuItemConstructorOptions => ({
        label,
        accelerator: `Alt+${i + 1}`,
        click: () => actions.send({ kind: 'go', area }),
      })),
      ...developer,
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: '&Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Keyboard Shortcuts', click: () => actions.send({ kind: 'shortcuts' }) },
      { label: 'Show Log File', click: () => actions.showLogFile() },
      ...(mac
        ? []
        : [{ type: 'separator' } as const, { label: `About ${ctx.appName}`, click: () => actions.showAbout() }]),
    ],
  };
  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
