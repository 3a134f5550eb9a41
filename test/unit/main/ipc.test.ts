import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { IPC_PREFIX } from '../../../shared/api/bridge';
import { isTrustedSender, registerIpc } from '../../../electron/main/ipc';

/** ipcMain's two registration calls, recording into a map. */
function ipcRecorder() {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, input: unknown) => unknown) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  return { electron: { ipcMain: ipcMain as never }, handlers };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

describe('IPC registration', () => {
  it('registers one handler per contract method and removes them all', () => {
    const { electron, handlers } = ipcRecorder();
    const unregister = registerIpc(electron.ipcMain, async () => ({ ok: true, value: null }));
    expect([...handlers.keys()].sort()).toEqual(methodNames.map((n) => IPC_PREFIX + n).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes a call from the app frame through to the core', async () => {
    const { electron, handlers } = ipcRecorder();
    const call = vi.fn(async () => ({ ok: true as const, value: 'status' }));
    registerIpc(electron.ipcMain, call);
    const answer = await handlers.get(IPC_PREFIX + 'getStatus')!(frame('app://hookbench/index.html'), undefined);
    expect(call).toHaveBeenCalledWith('getStatus', undefined);
    expect(answer).toEqual({ ok: true, value: 'status' });
  });

  it('refuses calls from a foreign origin, a sub-frame, or a frame that is gone', async () => {
    const { electron, handlers } = ipcRecorder();
    const call = vi.fn(async () => ({ ok: true as const, value: 'status' }));
    registerIpc(electron.ipcMain, call);
    const handler = handlers.get(IPC_PREFIX + 'getStatus')!;
    for (const event of [
      frame('https://evil.example/'),
      frame('app://hookbench/index.html', { url: 'app://hookbench/' }),
      { senderFrame: null },
      frame('file:///etc/passwd'),
    ]) {
      const answer = await handler(event, undefined);
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('trusts the dev server origin only when one is configured', () => {
    expect(isTrustedSender(frame('http://localhost:5173/'))).toBe(false);
    expect(isTrustedSender(frame('http://localhost:5173/'), 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender(frame('http://localhost:5174/'), 'http://localhost:5173')).toBe(false);
  });
});
