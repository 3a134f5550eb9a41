import { contextBridge, ipcRenderer } from 'electron';
import { methodNames } from '../../shared/api/method-names';
import {
  IPC_EVENT_CHANNEL,
  IPC_MENU_CHANNEL,
  IPC_PREFIX,
  type HookbenchBridgeApi,
  type MenuCommand,
} from '../../shared/api/bridge';
import type { AppEventMessage } from '../../shared/api/events';

/**
 * Exposes one named function per contract method, the event feed and the menu's
 * commands — never ipcRenderer itself, so the page cannot reach other channels.
 * Each channel has one ipcRenderer listener, registered here once; the page's
 * listeners are fanned out from it (the renderer subscribes once and fans out
 * to its stores, so a batch crosses the context bridge once).
 */
function feed<T>(channel: string): (listener: (value: T) => void) => () => void {
  const listeners = new Set<(value: T) => void>();
  ipcRenderer.on(channel, (_event, value: T) => {
    for (const listener of listeners) listener(value);
  });
  return (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
}

const calls = Object.fromEntries(
  methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC_PREFIX + name, input)]),
);

const exposed: HookbenchBridgeApi = {
  calls: calls as HookbenchBridgeApi['calls'],
  onEvents: feed<AppEventMessage[]>(IPC_EVENT_CHANNEL),
  onMenuCommand: feed<MenuCommand>(IPC_MENU_CHANNEL),
};

contextBridge.exposeInMainWorld('hookbench', exposed);
