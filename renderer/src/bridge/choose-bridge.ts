import type { HookbenchBridgeApi } from '../../../shared/api/bridge';
import type { Bridge } from './bridge';
import { createDesktopBridge } from './desktop-bridge';
import { createHttpBridge } from './http-bridge';
import { runMenuCommand } from './menu-commands';

/** The desktop preload defines window.hookbench; a browser tab has none and talks HTTP. */
export function chooseBridge(win: Window & { hookbench?: HookbenchBridgeApi }): Bridge {
  if (!win.hookbench) return createHttpBridge();
  win.hookbench.onMenuCommand((command) => runMenuCommand(command, win));
  return createDesktopBridge(win.hookbench);
}
