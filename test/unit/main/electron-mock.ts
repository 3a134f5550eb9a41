import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the parts of the `electron` module the shell uses: Electron's
 * binary cannot run here, so the wiring is checked against these recorders.
 */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler?: (d: { url: string }) => { action: string };
  sent: unknown[][] = [];
  destroyed = false;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export function createElectronMock() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const windows: FakeWindow[] = [];
  const appEvents = new EventEmitter();
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));

  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loaded?: string;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    static getAllWindows() {
      return windows;
    }
  }

  const permission = { request: undefined as unknown, check: undefined as unknown };
  const electron = {
    app: Object.assign(appEvents, {
      isPackaged: true,
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      whenReady: () => whenReady,
      getPath: vi.fn(() => ''),
    }),
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: vi.fn(
        (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => void handlers.set(channel, fn),
      ),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((fn: unknown) => void (permission.request = fn)),
        setPermissionCheckHandler: vi.fn((fn: unknown) => void (permission.check = fn)),
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    // reversible stand-in for the OS keyring, so the desktop core seals secrets with it
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => Buffer.from([...Buffer.from(plain)].reverse()),
      decryptString: (data: Buffer) => Buffer.from([...data].reverse()).toString(),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  return { electron, handlers, windows, permission, ready: () => ready() };
}
