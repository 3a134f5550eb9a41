import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { IPC_PREFIX } from '../../../shared/api/bridge';
import { createElectronMock } from './electron-mock';

const mock = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createElectronMock> | undefined }));
vi.mock('electron', async () => {
  const { createElectronMock: make } = await import('./electron-mock');
  mock.current = make();
  return mock.current.electron;
});

describe('desktop shell (electron/main/index.ts with a mocked electron)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hb-desktop-'));
  let m: ReturnType<typeof createElectronMock>;

  beforeAll(async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.HOOKBENCH_PORT = '0';
    await import('../../../electron/main/index');
    m = mock.current!;
    m.electron.app.getPath.mockReturnValue(dataDir);
    m.ready();
    await vi.waitFor(() => expect(m.windows).toHaveLength(1));
  });
  afterAll(async () => {
    m.electron.app.emit('before-quit', { preventDefault() {} });
    await vi.waitFor(() => expect(m.electron.app.quit).toHaveBeenCalled());
    vi.restoreAllMocks();
  });

  it('registers the app:// scheme as privileged before ready and serves the renderer from it', () => {
    expect(m.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app' }),
    ]);
    expect(m.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(m.windows[0]!.loaded).toBe('app://hookbench/index.html');
  });

  it('opens a hardened window', () => {
    const prefs = m.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('registers every contract method on IPC', () => {
    for (const name of methodNames) expect(m.handlers.has(IPC_PREFIX + name)).toBe(true);
  });

  it('answers getStatus over IPC from the app frame with the userData dir', async () => {
    const answer = (await m.handlers.get(IPC_PREFIX + 'getStatus')!(
      { senderFrame: { url: 'app://hookbench/index.html', parent: null } },
      undefined,
    )) as {
      ok: boolean;
      value: { dataDir: string; mode: string };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ dataDir, mode: 'desktop' });
  });

  it('denies every permission request and check', () => {
    const cb = vi.fn();
    (m.permission.request as (a: unknown, p: string, cb: (v: boolean) => void) => void)(null, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect((m.permission.check as () => boolean)()).toBe(false);
  });

  it('blocks navigation away from the app and new windows; opens only http(s) links externally', () => {
    const contents = m.windows[0]!.webContents;
    m.electron.app.emit('web-contents-created', {}, contents);
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const inApp = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inApp, 'app://hookbench/index.html#/send');
    expect(inApp.preventDefault).not.toHaveBeenCalled();

    expect(contents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(m.electron.shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
    m.electron.shell.openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@host/']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(m.electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('forwards core events to the window', async () => {
    const { desktop } = await import('../../../electron/main/index');
    const core = (await desktop)!;
    const contents = m.windows[0]!.webContents;
    core.setListening('api', 'http://127.0.0.1:9/');
    expect(contents.sent.at(-1)).toEqual(['hookbench:event', expect.objectContaining({ name: 'status.changed' })]);
  });

  it('seals secrets with safeStorage and serves the REST API on its HTTP port', async () => {
    const { desktop } = await import('../../../electron/main/index');
    const core = (await desktop)!;
    expect(core.stores()!.secretBox.backend).toBe('safestorage');
    const { readInstanceFile } = await import('../../../electron/core/instance-file');
    const instance = readInstanceFile(core.dataDir)!;
    expect(instance.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${instance.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
  });

  it('exposes only named calls and an event feed from the preload', async () => {
    await import('../../../electron/preload/index');
    const [key, exposed] = m.electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [
      string,
      Record<string, unknown>,
    ];
    expect(key).toBe('hookbench');
    expect(Object.keys(exposed).sort()).toEqual(['calls', 'onEvent']);
    expect(Object.keys(exposed.calls as object).sort()).toEqual([...methodNames].sort());
    await (exposed.calls as Record<string, (i: unknown) => unknown>).getStatus(undefined);
    expect(m.electron.ipcRenderer.invoke).toHaveBeenCalledWith('hookbench:getStatus', undefined);
  });
});
