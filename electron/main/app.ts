import type * as Electron from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/index';
import { createStreamLogger } from '../core/log';
import { forwardEvents, registerIpc } from './ipc';
import { APP_ORIGIN, privilegedScheme, registerAppProtocol } from './protocol';
import { denyAllPermissions, hardenWebContents } from './security';
import { createMainWindow } from './window';
import { createSafeStorageSecretBox } from './secret-box-safe-storage';
import { startControlServer, type ControlServer } from '../headless/server';
import { removeInstanceFile, writeInstanceFile } from '../core/instance-file';

/**
 * The REST APIs answer on an HTTP port in the desktop app too (scripts and the
 * CLI use them). A taken port is a notice, not a failed launch.
 */
async function startHttpDoor(core: Core, rendererDir: string): Promise<ControlServer | null> {
  try {
    const server = await startControlServer({ core, port: DESKTOP_HTTP_PORT, rendererDir, extraRoutes: [core.rest] });
    writeInstanceFile(core.dataDir, {
      pid: process.pid,
      url: `http://127.0.0.1:${server.port}`,
      token: server.token,
      receiverUrl: null,
      startedAt: new Date().toISOString(),
    });
    return server;
  } catch (err) {
    core.addNotice(
      `The REST API is off: port ${DESKTOP_HTTP_PORT} could not be opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Set HOOKBENCH_PORT to use another.`,
    );
    return null;
  }
}

export type ElectronDeps = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell' | 'safeStorage'
>;

/** The desktop app's HTTP port for the REST APIs (and the UI in a browser), as in headless mode. */
export const DESKTOP_HTTP_PORT = Number(process.env.HOOKBENCH_PORT ?? 7780);

/**
 * Desktop lifecycle: one instance, the core started before the window, every
 * webContents hardened, the core stopped before quitting.
 */
export function startDesktop(
  electron: ElectronDeps,
  mainDir = dirname(fileURLToPath(import.meta.url)),
): Promise<Core | null> {
  const { app, BrowserWindow, ipcMain, protocol, session, shell, safeStorage } = electron;
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  protocol.registerSchemesAsPrivileged([privilegedScheme]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell, devServerUrl));

  return app.whenReady().then(async () => {
    const core = createCore({
      dataDir: app.getPath('userData'),
      mode: 'desktop',
      log: createStreamLogger(),
      secretBox: createSafeStorageSecretBox(safeStorage) ?? undefined,
      bootstrapApiKey: process.env.HOOKBENCH_API_KEY || undefined,
    });
    await core.start();
    const http = await startHttpDoor(core, join(mainDir, '..', 'renderer'));
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
      void Promise.resolve(http?.close())
        .then(() => removeInstanceFile(core.dataDir))
        .then(() => core.stop())
        .finally(() => app.quit());
    });
    return core;
  });
}
