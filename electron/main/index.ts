import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { startDesktop } from './app';

/** Resolves to the running core once the window is up (null when another instance already runs). */
export const desktop = startDesktop({ app, BrowserWindow, ipcMain, protocol, session, shell, safeStorage });
