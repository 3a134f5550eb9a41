import type { HookbenchBridgeApi } from '../../../shared/api/bridge';
import type { Bridge } from './bridge';
import { createDesktopBridge } from './desktop-bridge';
import { createHttpBridge } from './http-bridge';

/** The desktop preload defines window.hookbench; a browser tab has none and talks HTTP. */
export function chooseBridge(win: Window & { hookbench?: HookbenchBridgeApi }): Bridge {
  return win.hookbench ? createDesktopBridge(win.hookbench) : createHttpBridge();
}
