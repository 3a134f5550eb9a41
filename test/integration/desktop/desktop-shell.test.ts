import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../../shared/api/bridge';
import { control, shell } from '../../support/electron-stand-in/electron';

vi.mock('electron', () => import('../../support/electron-stand-in/electron'));

/** The shell's sources in this process, on the electron stand-in: the checks that need its handlers in hand. */
describe('desktop shell (electron/main sources on the electron stand-in)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hb-desktop-'));
  const frame = (url: string) => ({ senderFrame: { url, parent: null } });

  beforeAll(async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.HOOKBENCH_PORT = '0';
    process.env.HOOKBENCH_RECEIVER_PORT = '0';
    process.env.HB_STANDIN_USER_DATA = dataDir;
    await import('../../../electron/main/index');
    control.markReady();
    await vi.waitFor(() => expect(control.windows).toHaveLength(1));
  });
  afterAll(async () => {
    const { app } = await import('../../support/electron-stand-in/electron');
    app.quit();
    await vi.waitFor(() => expect(control.journal).toContain('process.exit 0'));
    delete process.env.HB_STANDIN_USER_DATA;
    vi.restoreAllMocks();
  });

  it('registers the app:// scheme as privileged before ready and loads the window from it', () => {
    expect(control.journal.indexOf('protocol.registerSchemesAsPrivileged app')).toBeLessThan(
      control.journal.indexOf('app.ready'),
    );
    expect(control.protocolHandlers.has('app')).toBe(true);
    expect(control.windows[0]!.loaded).toBe('app://hookbench/index.html');
  });

  it('opens a hardened window', () => {
    const prefs = control.windows[0]!.options.webPreferences;
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
    for (const name of methodNames) expect(control.handlers.has(IPC_PREFIX + name)).toBe(true);
  });

  it('answers getStatus over IPC from the app frame with the userData dir', async () => {
    const answer = (await control.handlers.get(IPC_PREFIX + 'getStatus')!(frame('app://hookbench/index.html'))) as {
      ok: boolean;
      value: { dataDir: string; mode: string };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ dataDir, mode: 'desktop' });
  });

  it('grants clipboard writes to the app origin only and refuses every other permission', async () => {
    const request = (permission: string, url: string) =>
      new Promise((resolve) =>
        control.permissionRequest!({ getURL: () => url }, permission, resolve, { requestingUrl: url }),
      );
    expect(await request('clipboard-sanitized-write', 'app://hookbench/index.html')).toBe(true);
    expect(await request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(await request('clipboard-read', 'app://hookbench/index.html')).toBe(false);
    expect(await request('media', 'app://hookbench/index.html')).toBe(false);
    expect(control.permissionCheck!(null, 'clipboard-sanitized-write', 'app://hookbench')).toBe(true);
    expect(control.permissionCheck!(null, 'clipboard-sanitized-write', 'http://localhost:5173')).toBe(false);
    expect(control.permissionCheck!(null, 'notifications', 'app://hookbench')).toBe(false);
  });

  it('blocks navigation away from the app and new windows; opens only http(s) links externally', async () => {
    const { app } = await import('../../support/electron-stand-in/electron');
    const contents = control.windows[0]!.webContents;
    app.emit('web-contents-created', {}, contents);
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const inApp = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inApp, 'app://hookbench/index.html#/send');
    expect(inApp.preventDefault).not.toHaveBeenCalled();

    control.opened.length = 0;
    expect(contents.windowOpenHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@host/']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(control.opened).toEqual(['external https://docs.example/']));
    expect(shell.openExternal).toBeTypeOf('function');
  });

  it('forwards core events to the window in batches', async () => {
    const { desktop } = await import('../../../electron/main/index');
    const core = (await desktop)!;
    const contents = control.windows[0]!.webContents;
    const batches: unknown[][] = [];
    const sent = new Promise<void>((resolve) =>
      contents.on('stand-in:sent', (channel: string, batch: unknown[]) => {
        if (channel !== IPC_EVENT_CHANNEL) return;
        batches.push(batch);
        if (batches.flat().length === 3) resolve();
      }),
    );
    core.setListening('api', 'http://127.0.0.1:9/');
    core.setListening('api', null);
    core.setListening('api', 'http://127.0.0.1:9/');
    await sent;
    // the first goes at once; the two right behind it share the next message
    expect(batches.map((b) => b.length)).toEqual([1, 2]);
    expect(batches.flat()).toEqual(Array(3).fill(expect.objectContaining({ name: 'status.changed' })));
  });

  it('seals secrets with safeStorage and serves the REST API on its HTTP port', async () => {
    const { desktop } = await import('../../../electron/main/index');
    const core = (await desktop)!;
    expect(core.storage()!.secretBox.backend).toBe('safestorage');
    const { readInstanceFile } = await import('../../../electron/core/instance-file');
    const instance = readInstanceFile(core.dataDir)!;
    expect(instance.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${instance.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
  });
});
