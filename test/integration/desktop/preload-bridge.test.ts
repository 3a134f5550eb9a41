import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import {
  IPC_EVENT_CHANNEL,
  IPC_MENU_CHANNEL,
  type HookbenchBridgeApi,
  type MenuCommand,
} from '../../../shared/api/bridge';
import type { AppEventMessage } from '../../../shared/api/events';
import { createDesktopBridge } from '../../../renderer/src/bridge/desktop-bridge';
import { contextBridge, ipcRenderer } from '../../support/electron-stand-in/electron';
import { repoRoot } from '../../support/headless-process';

vi.mock('electron', () => import('../../support/electron-stand-in/electron'));

const status = (n: number): AppEventMessage => ({ name: 'status.changed', payload: { n } as never });

describe('preload and desktop bridge', () => {
  it('exposes named calls, one event feed and the menu commands; never ipcRenderer', async () => {
    await import('../../../electron/preload/index');
    const exposed = contextBridge.exposed.get('hookbench') as HookbenchBridgeApi;
    expect(Object.keys(exposed).sort()).toEqual(['calls', 'onEvents', 'onMenuCommand']);
    expect(Object.keys(exposed.calls).sort()).toEqual([...methodNames].sort());
    await exposed.calls.getStatus(undefined);
    expect(ipcRenderer.invocations).toContainEqual(['hookbench:getStatus', undefined]);
  });

  it('one preload listener; a batch crosses the context bridge once and reaches every store in order', async () => {
    await import('../../../electron/preload/index');
    const exposed = contextBridge.exposed.get('hookbench') as HookbenchBridgeApi;
    const crossings = vi.fn();
    const bridge = createDesktopBridge({
      ...exposed,
      // what the page hands the preload is what crosses the context bridge
      onEvents: (listener) =>
        exposed.onEvents((batch) => {
          crossings(batch.length);
          listener(batch);
        }),
    });
    const stores = Array.from({ length: 5 }, () => vi.fn());
    const offs = stores.map((store) => bridge.subscribe(store));
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);

    ipcRenderer.deliver(IPC_EVENT_CHANNEL, [status(1), status(2), status(3)]);
    expect(crossings.mock.calls).toEqual([[3]]);
    for (const store of stores) expect(store.mock.calls.map(([m]) => m.payload.n)).toEqual([1, 2, 3]);

    // a store that throws does not starve the others
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    stores[0]!.mockImplementation(() => {
      throw new Error('store bug');
    });
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, [status(4)]);
    expect(stores[4]!.mock.calls.at(-1)![0].payload.n).toBe(4);
    expect(error).toHaveBeenCalled();
    error.mockRestore();

    // the last unsubscribe lets go of the preload feed; a new subscriber takes it again
    offs.forEach((off) => off());
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, [status(5)]);
    expect(crossings).toHaveBeenCalledTimes(2);
    const late = vi.fn();
    bridge.subscribe(late);
    ipcRenderer.deliver(IPC_EVENT_CHANNEL, [status(6)]);
    expect(late).toHaveBeenCalledWith(status(6));
  });

  it('passes the menu commands through to the page', async () => {
    await import('../../../electron/preload/index');
    const exposed = contextBridge.exposed.get('hookbench') as HookbenchBridgeApi;
    const seen: MenuCommand[] = [];
    const off = exposed.onMenuCommand((c) => seen.push(c));
    ipcRenderer.deliver(IPC_MENU_CHANNEL, { kind: 'new-subscription' });
    off();
    ipcRenderer.deliver(IPC_MENU_CHANNEL, { kind: 'shortcuts' });
    expect(seen).toEqual([{ kind: 'new-subscription' }]);
  });

  it('the built preload does not carry zod (the method names are a plain list)', () => {
    const built = readFileSync(join(repoRoot, 'out', 'preload', 'index.cjs'), 'utf8');
    expect(built).not.toMatch(/zod|ZodType|safeParse/);
    for (const name of methodNames) expect(built).toContain(`"${name}"`);
    expect(built.length).toBeLessThan(10_000);
  });
});
