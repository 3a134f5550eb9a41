/**
 * A stand-in for the `electron` module: Electron's binary cannot be downloaded
 * here, so the built main process runs on plain Node against this. It keeps the
 * rules the shell must respect (the scheme registered before ready; session,
 * screen and the protocol handler only after; safeStorage unavailable before
 * ready; one instance per data dir through a lock file; quit runs before-quit →
 * will-quit → exit) and records what the shell did, in order, in a journal.
 *
 * Loaded two ways: by `agent.ts` in a child process running out/main/index.js,
 * and by vi.mock in tests that import the shell's sources. Node built-ins only,
 * erasable TypeScript only (the child runs it with Node's type stripping).
 */
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: any[]) => unknown;

const appDir = process.env.HB_STANDIN_APP_DIR ?? join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
};

/** What the shell did, in order, and what the test can drive. */
export const control = {
  journal: [] as string[],
  /** Child mode: ready fires on the tick after the main script first asks for it, as in Electron. */
  autoReady: false,
  ready: false,
  errorBoxes: [] as Array<{ title: string; content: string }>,
  /** Every webContents.send, counted per channel; payloads are kept for the menu channel only. */
  sends: new Map<string, number>(),
  sentEvents: 0,
  /** Events sent to windows, by "name" or "name:outcome" for deliveries: what the window learned. */
  eventCounts: new Map<string, number>(),
  menuCommands: [] as unknown[],
  applicationMenu: null as null | { items: unknown[] },
  windows: [] as FakeWindow[],
  handlers: new Map<string, Listener>(),
  permissionRequest: undefined as Listener | undefined,
  permissionCheck: undefined as Listener | undefined,
  protocolHandlers: new Map<string, Listener>(),
  opened: [] as string[],
  displays: JSON.parse(
    process.env.HB_STANDIN_DISPLAYS ?? '[{"id":1,"workArea":{"x":0,"y":0,"width":1920,"height":1040}}]',
  ) as Array<{ id: number; workArea: { x: number; y: number; width: number; height: number } }>,
  /** How the process ends; the child agent makes it process.exit, tests in-process record it. */
  exit: (code: number) => void record(`process.exit ${code}`),
  markReady() {
    if (control.ready) return;
    control.ready = true;
    record('app.ready');
    app.emit('ready');
    resolveReady();
  },
};

export function record(entry: string): void {
  control.journal.push(entry);
  if (process.env.HB_STANDIN_JOURNAL) appendFileSync(process.env.HB_STANDIN_JOURNAL, entry + '\n');
}

function requireReady(what: string): void {
  if (!control.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

let resolveReady!: () => void;
const whenReady = new Promise<void>((resolve) => (resolveReady = resolve));

function appDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  if (process.platform === 'win32') return process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  return process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
}

const userData = () => process.env.HB_STANDIN_USER_DATA ?? join(appDataDir(), pkg.productName ?? pkg.name);
const lockFile = () => join(userData(), 'SingletonLock');
let holdsLock = false;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class FakeApp extends EventEmitter {
  isPackaged = process.env.HB_STANDIN_PACKAGED !== '0';
  getName = () => pkg.productName ?? pkg.name;
  getVersion = () => pkg.version;
  isReady = () => control.ready;
  getPath(name: string): string {
    if (name === 'userData') return userData();
    if (name === 'appData') return appDataDir();
    if (name === 'logs') return join(userData(), 'logs');
    if (name === 'home') return homedir();
    throw new Error(`app.getPath("${name}") is not in the stand-in`);
  }
  /** A lock file in userData naming the holder's pid; a dead holder's lock is taken over. */
  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    try {
      mkdirSync(userData(), { recursive: true });
      try {
        writeFileSync(lockFile(), String(process.pid), { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = Number(readFileSync(lockFile(), 'utf8'));
        if (holder !== process.pid && pidAlive(holder)) return false;
        writeFileSync(lockFile(), String(process.pid));
      }
      holdsLock = true;
      return true;
    } catch {
      return false; // Chromium's LOCK_ERROR: the lock could not be created
    }
  }
  releaseSingleInstanceLock(): void {
    record('app.releaseSingleInstanceLock');
    if (holdsLock) rmSync(lockFile(), { force: true });
    holdsLock = false;
  }
  whenReady(): Promise<void> {
    if (control.autoReady && !control.ready) setImmediate(() => control.markReady());
    return whenReady;
  }
  quitting = false;
  quit(): void {
    record('app.quit');
    setImmediate(() => {
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => void (prevented = true) });
      if (prevented) return;
      // Electron does not emit window-all-closed for the windows a quit closes.
      this.quitting = true;
      for (const win of [...control.windows]) win.close();
      this.emit('will-quit', { preventDefault() {} });
      this.emit('quit');
      this.exit(0);
    });
  }
  exit(code = 0): void {
    record(`app.exit ${code}`);
    if (holdsLock) rmSync(lockFile(), { force: true });
    holdsLock = false;
    control.exit(code);
  }
  setAboutPanelOptions(): void {}
}

export const app = new FakeApp();

export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (d: { url: string }) => { action: string };
  destroyed = false;
  url = '';
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, ...args: unknown[]) {
    control.sends.set(channel, (control.sends.get(channel) ?? 0) + 1);
    if (channel === 'hookbench:events' && Array.isArray(args[0])) {
      control.sentEvents += args[0].length;
      for (const m of args[0] as Array<{ name: string; payload: { outcome?: string } }>) {
        const key = m.name === 'delivery.updated' ? `${m.name}:${m.payload.outcome}` : m.name;
        control.eventCounts.set(key, (control.eventCounts.get(key) ?? 0) + 1);
      }
    }
    if (channel === 'hookbench:menu') control.menuCommands.push(args[0]);
    this.emit('stand-in:sent', channel, ...args);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isLoading() {
    return false;
  }
  getURL() {
    return this.url;
  }
}

type Bounds = { x: number; y: number; width: number; height: number };

export class FakeWindow extends EventEmitter {
  webContents = new FakeWebContents();
  loaded?: string;
  destroyed = false;
  maximized = false;
  bounds: Bounds;
  options: Record<string, any>;
  constructor(options: Record<string, any>) {
    super();
    this.options = options;
    requireReady('BrowserWindow');
    record('BrowserWindow');
    const area = control.displays[0]!.workArea;
    const width = options.width ?? 800;
    const height = options.height ?? 600;
    this.bounds = {
      x: options.x ?? area.x + Math.round((area.width - width) / 2),
      y: options.y ?? area.y + Math.round((area.height - height) / 2),
      width,
      height,
    };
    control.windows.push(this);
    setImmediate(() => this.emit('ready-to-show'));
  }
  loadURL(url: string) {
    this.loaded = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {}
  focus() {
    record('window.focus');
  }
  restore() {}
  maximize() {
    this.maximized = true;
    this.emit('maximize');
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Bounds>) {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('resize');
    this.emit('move');
  }
  /** Close as Electron does: 'close' (preventable), then 'closed', then window-all-closed when it was the last. */
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => void (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    control.windows.splice(control.windows.indexOf(this), 1);
    this.emit('closed');
    if (control.windows.length === 0 && !app.quitting) app.emit('window-all-closed');
  }
  static getAllWindows() {
    return [...control.windows];
  }
}

export const BrowserWindow = FakeWindow;

export const ipcMain = {
  handle(channel: string, fn: Listener) {
    control.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    control.handlers.delete(channel);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string }>) {
    if (control.ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready');
    record(`protocol.registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`);
  },
  handle(scheme: string, fn: Listener) {
    requireReady('protocol.handle');
    record(`protocol.handle ${scheme}`);
    control.protocolHandlers.set(scheme, fn);
  },
};

const defaultSession = {
  setPermissionRequestHandler(fn: Listener) {
    control.permissionRequest = fn;
  },
  setPermissionCheckHandler(fn: Listener) {
    control.permissionCheck = fn;
  },
};

export const session = {
  get defaultSession() {
    requireReady('session');
    return defaultSession;
  },
};

export const shell = {
  openExternal: async (url: string) => void control.opened.push(`external ${url}`),
  openPath: async (path: string) => {
    control.opened.push(`path ${path}`);
    return '';
  },
  showItemInFolder: (path: string) => void control.opened.push(`item ${path}`),
};

/** A reversible stand-in for the OS keychain, unavailable before ready as on Linux. */
export const safeStorage = {
  isEncryptionAvailable() {
    record('safeStorage.isEncryptionAvailable');
    return control.ready;
  },
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].reverse()),
  decryptString: (data: Buffer) => Buffer.from([...data].reverse()).toString(),
};

export const dialog = {
  showErrorBox(title: string, content: string) {
    record(`dialog.showErrorBox ${title}`);
    control.errorBoxes.push({ title, content });
    if (process.env.HB_STANDIN_JOURNAL)
      appendFileSync(process.env.HB_STANDIN_JOURNAL, `  ${JSON.stringify({ title, content })}\n`);
  },
  showMessageBox: async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false }),
};

export const Menu = {
  buildFromTemplate: (items: unknown[]) => ({ items }),
  setApplicationMenu(menu: { items: unknown[] } | null) {
    record('Menu.setApplicationMenu');
    control.applicationMenu = menu;
  },
};

export const screen = {
  getAllDisplays() {
    requireReady('screen');
    return control.displays;
  },
  getPrimaryDisplay() {
    requireReady('screen');
    return control.displays[0]!;
  },
};

/** The preload's side, for tests that load the preload's sources. */
const rendererListeners = new Map<string, Listener[]>();
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, value: unknown) {
    contextBridge.exposed.set(key, value);
  },
};
export const ipcRenderer = {
  invocations: [] as Array<[string, unknown]>,
  async invoke(channel: string, input: unknown) {
    ipcRenderer.invocations.push([channel, input]);
    return { ok: true, value: null };
  },
  on(channel: string, fn: Listener) {
    rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), fn]);
  },
  removeListener(channel: string, fn: Listener) {
    rendererListeners.set(
      channel,
      (rendererListeners.get(channel) ?? []).filter((l) => l !== fn),
    );
  },
  listenerCount: (channel: string) => (rendererListeners.get(channel) ?? []).length,
  /** What the main process's webContents.send would deliver to the preload. */
  deliver(channel: string, value: unknown) {
    for (const fn of rendererListeners.get(channel) ?? []) fn({}, value);
  },
};

export default {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  shell,
  safeStorage,
  dialog,
  Menu,
  screen,
  contextBridge,
  ipcRenderer,
};
