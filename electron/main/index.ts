import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import { startDesktop } from './app';

/** Resolves to the running core once the window is up (null when another instance already runs or the start failed). */
export const desktop = startDesktop({
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
});
