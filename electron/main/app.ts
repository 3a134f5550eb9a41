import type * as Electron from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/index';
import { createStreamLogger } from '../core/log';
import { forwardEvents, registerIpc } from './ipc';
import { APP_ORIGIN, privilegedScheme, registerAppProtocol } from './protocol';
import { denyAllPermissions, hardenWebContents } from './security';
import { createMainWindow } from './window';

export type ElectronDeps = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell'>;

/**
 * Desktop lifecycle: one instance, the core started before the window, every
 * webContents hardened, the core stopped before quitting.
 */
export function startDesktop(electron: ElectronDeps, mainDir = dirname(fileURLToPath(import.meta.url))): Promise<Core | null> {
  const { app, BrowserWindow, ipcMain, protocol, session, shell } = electron;
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  protocol.registerSchemesAsPrivileged([privilegedScheme]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell, devServerUrl));

  return app.whenReady().then(async () => {
    const core = createCore({ dataDir: app.getPath('userData'), mode: 'desktop', log: createStreamLogger() });
    await core.start();
    denyAllPermissions(session.defaultSession);
    registerAppProtocol(protocol, join(mainDir, '..', 'renderer'));
    registerIpc(ipcMain, core.call, devServerUrl);

    const open = () => {
      const win = createMainWindow(BrowserWindow, mainDir);
      forwardEvents((fn) => core.events.subscribe(fn), win.webContents);
      void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
      return win;
    };
    let win = open();
    app.on('second-instance', () => {
      if (win.isDestroyed()) win = open();
      else if (win.isMinimized()) win.restore();
      win.focus();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = open();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    let stopping = false;
    app.on('before-quit', (event) => {
      if (stopping) return;
      stopping = true;
      event.preventDefault();
      void core.stop().finally(() => app.quit());
    });
    return core;
  });
}
