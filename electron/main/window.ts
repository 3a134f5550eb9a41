import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Screen } from 'electron';
import { join } from 'node:path';
import { MIN_SIZE, placeWindow, readWindowState, writeWindowState } from './window-state';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Hookbench',
    backgroundColor: '#16181d',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function preloadPath(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'index.cjs');
}

export interface MainWindowOptions {
  mainDir: string;
  /** The window's size, position and maximized state are kept here between runs. */
  dataDir: string;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  /** Linux shows it in the task switcher (Windows and macOS take the icon from the package). */
  icon?: string;
}

const SAVE_DELAY_MS = 500;

/** Opens the window where it was last closed (clamped to a display that is still there). */
export function createMainWindow(
  BrowserWindow: new (o: BrowserWindowConstructorOptions) => BrowserWindowType,
  options: MainWindowOptions,
): BrowserWindowType {
  const state = readWindowState(options.dataDir);
  const primary = options.screen.getPrimaryDisplay();
  const areas = [primary, ...options.screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const win = new BrowserWindow({
    ...windowOptions(preloadPath(options.mainDir)),
    ...placeWindow(state.bounds, areas),
    ...(options.icon ? { icon: options.icon } : {}),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    try {
      writeWindowState(options.dataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // a read-only data dir costs the remembered position, nothing else
    }
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', save);
  return win;
}
