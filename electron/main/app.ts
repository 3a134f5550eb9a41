import type * as Electron from 'electron';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/index';
import { ownerCaller } from '../core/accounts/caller';
import { createStreamLogger, type Logger } from '../core/log';
import { removeInstanceFile } from '../core/instance-file';
import type { ControlServer } from '../headless/server';
import { IPC_MENU_CHANNEL, type MenuCommand } from '../../shared/api/bridge';
import { forwardEvents } from './event-forwarding';
import { openRotatingFile, type RotatingFile } from './file-log';
import { PortInUseError, portFromEnv, startHttpDoor } from './http-door';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { APP_ORIGIN, privilegedScheme, registerAppProtocol } from './protocol';
import { guardPermissions, hardenWebContents } from './security';
import { createSafeStorageSecretBox } from './secret-box-safe-storage';
import { describeStartupFailure } from './startup-failure';
import { createMainWindow } from './window';

export type ElectronDeps = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell' | 'safeStorage' | 'dialog' | 'Menu' | 'screen'
>;

/** How long a failed start may spend closing what it opened before the process exits anyway. */
const FAILED_START_CLEANUP_MS = 5000;

/**
 * Desktop lifecycle. The order matters and the harness checks it: the
 * single-instance lock, the lifecycle handlers (before anything that can fail,
 * so a failed start still quits), the privileged app:// scheme (before ready),
 * then after ready the keychain-backed secret box, the core, the app://
 * protocol, IPC, the menu and the window. A failure anywhere after the lock
 * shows an error dialog and exits non-zero, releasing the lock.
 */
export function startDesktop(
  electron: ElectronDeps,
  mainDir = dirname(fileURLToPath(import.meta.url)),
): Promise<Core | null> {
  const { app, BrowserWindow, ipcMain, protocol, session, shell, safeStorage, dialog, Menu, screen } = electron;
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  if (!app.requestSingleInstanceLock()) {
    // Refused because another Hookbench runs (it gets 'second-instance' and shows itself), or because
    // the lock cannot be created in the data dir: that one must not be a silent exit.
    const problem = dataDirProblem(app.getPath('userData'));
    if (!problem) {
      app.quit();
      return Promise.resolve(null);
    }
    const { title, message } = describeStartupFailure(problem, app.getPath('userData'), null);
    dialog.showErrorBox(title, message);
    app.exit(1);
    return Promise.resolve(null);
  }

  const dataDir = app.getPath('userData');
  const logFile: RotatingFile | null = openRotatingFile(join(dataDir, 'logs'));
  const log: Logger = createStreamLogger((line) => {
    logFile?.write(line);
    if (!app.isPackaged || !logFile) process.stderr.write(line);
  });

  let core: Core | null = null;
  let http: ControlServer | null = null;
  let win: Electron.BrowserWindow | null = null;
  let ready = false;
  let starting: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | null = null;

  /** Closes the doors and the core once, whatever state the start reached. */
  const stopAll = () =>
    (stopped ??= starting
      .catch(() => {})
      .then(async () => {
        await http?.close();
        if (core) removeInstanceFile(core.dataDir);
        await core?.stop();
      })
      .catch((err) => log.error('stopping the core failed', err))
      .then(() => logFile?.close()));

  const openWindow = () => {
    win = createMainWindow(BrowserWindow, { mainDir, dataDir, screen, icon: windowIcon(mainDir) });
    forwardEvents((fn) => core!.events.subscribe(fn), win.webContents);
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
    return win;
  };
  const liveWindow = () => (win && !win.isDestroyed() ? win : null);

  app.on('second-instance', () => {
    if (!ready) return;
    const target = liveWindow() ?? openWindow();
    if (target.isMinimized()) target.restore();
    target.focus();
  });
  app.on('activate', () => {
    if (ready && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void stopAll().finally(() => app.quit());
  });

  protocol.registerSchemesAsPrivileged([privilegedScheme]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell, devServerUrl));

  const sendToPage = (command: MenuCommand) => {
    const target = liveWindow() ?? openWindow();
    if (target.webContents.isLoading())
      target.webContents.once('did-finish-load', () => target.webContents.send(IPC_MENU_CHANNEL, command));
    else target.webContents.send(IPC_MENU_CHANNEL, command);
    target.focus();
  };

  const launch = async (): Promise<Core> => {
    const receiverPort = portFromEnv('HOOKBENCH_RECEIVER_PORT');
    const secretBox = createSafeStorageSecretBox(safeStorage) ?? undefined;
    core = createCore({
      dataDir,
      mode: 'desktop',
      log,
      secretBox,
      bootstrapApiKey: process.env.HOOKBENCH_API_KEY || undefined,
      receiverPort,
    });
    await core.start();
    // As with HOOKBENCH_PORT: the default receiver port being taken is a notice, a port asked for is a failure.
    if (receiverPort !== undefined && !core.receiverUrl())
      throw new PortInUseError(receiverPort, 'HOOKBENCH_RECEIVER_PORT', 'in use or not allowed');
    const rendererDir = join(mainDir, '..', 'renderer');
    guardPermissions(session.defaultSession, devServerUrl);
    registerAppProtocol(protocol, rendererDir);
    // The window is the person at this machine: the local owner (admin), with no sign-in.
    const owner = ownerCaller('ipc');
    const started = core;
    registerIpc(ipcMain, (name, input) => started.call(name, input, owner), devServerUrl);
    http = await startHttpDoor(core, rendererDir);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          appName: app.getName(),
          platform: process.platform,
          isPackaged: app.isPackaged,
          actions: {
            send: sendToPage,
            openDataFolder: () => void shell.openPath(dataDir),
            showLogFile: () => (logFile ? shell.showItemInFolder(logFile.path) : void shell.openPath(dataDir)),
            showAbout: () =>
              void dialog.showMessageBox({
                type: 'info',
                title: `About ${app.getName()}`,
                message: `${app.getName()} ${app.getVersion()}`,
                detail: `Electron ${process.versions.electron ?? '?'} · Node ${process.versions.node} · Chromium ${process.versions.chrome ?? '?'}\nData: ${dataDir}`,
              }),
          },
        }),
      ),
    );
    openWindow();
    ready = true;
    log.info(`Hookbench ${app.getVersion()} started; data in ${dataDir}`);
    return core;
  };

  const fail = async (err: unknown): Promise<null> => {
    // scripts/start.js recognises this line: the user has the dialog, the launcher must not fall back to headless.
    log.error('Hookbench could not start', err);
    const { title, message } = describeStartupFailure(err, dataDir, logFile?.path ?? null);
    // Another launch must not be swallowed by this dying process while the dialog is up.
    app.releaseSingleInstanceLock();
    dialog.showErrorBox(title, message);
    quitting = true;
    await Promise.race([stopAll(), new Promise((resolve) => setTimeout(resolve, FAILED_START_CLEANUP_MS).unref())]);
    app.exit(1);
    return null;
  };

  const started = app.whenReady().then(() => {
    const run = launch();
    starting = run;
    return run;
  });
  return started.catch(fail);
}

/** Why the data dir cannot be used, or null when it can. */
function dataDirProblem(dir: string): Error | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (err) {
    return err as Error;
  }
}

/** Linux shows the window's own icon in the task switcher; packaged builds carry it inside the app. */
function windowIcon(mainDir: string): string | undefined {
  const icon = join(mainDir, '..', '..', 'resources', 'icons', '512x512.png');
  return existsSync(icon) ? icon : undefined;
}
