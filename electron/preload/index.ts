import { contextBridge, ipcRenderer } from 'electron';
import { methodNames } from '../../shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, type HookbenchBridgeApi } from '../../shared/api/bridge';

/**
 * Exposes one named function per contract method and an event subscription —
 * never ipcRenderer itself, so the page cannot reach other channels.
 */
const calls = Object.fromEntries(
  methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC_PREFIX + name, input)]),
);

const exposed: HookbenchBridgeApi = {
  calls: calls as HookbenchBridgeApi['calls'],
  onEvent(listener) {
    const wrapped = (_e: unknown, message: Parameters<typeof listener>[0]) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('hookbench', exposed);
