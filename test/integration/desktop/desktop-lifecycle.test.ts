import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDesktopWorkspaces } from '../../support/desktop-workspaces';

/**
 * The BUILT main process (out/main/index.js) in its own Node process, with the
 * electron stand-in in place of Electron: real data dir, real sockets, real exits.
 */
const { workspace, launch, onCleanup } = useDesktopWorkspaces();

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => server.close());
  return { server, port: (server.address() as { port: number }).port };
}

describe('desktop main process, built, on the electron stand-in', () => {
  it('starts in order: lock → privileged scheme → ready → secret storage → protocol → window', async () => {
    const w = workspace();
    const app = launch({ userData: w.userData, journalFile: w.journal('a') });
    const state = await app.waitForWindow();
    const steps = [
      'app.requestSingleInstanceLock',
      'protocol.registerSchemesAsPrivileged app',
      'app.ready',
      'safeStorage.isEncryptionAvailable',
      'protocol.handle app',
      'BrowserWindow',
    ];
    const at = steps.map((s) => state.journal.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(state.windows[0]!.loaded).toBe('app://hookbench/index.html');

    const page = await app.request<{ status: number; csp: string }>('fetch-app', { url: 'app://hookbench/index.html' });
    expect(page.status).toBe(200);
    expect(page.csp).toContain("default-src 'self'");
    const status = await app.call<{ mode: string; dataDir: string }>('getStatus');
    expect(status.value).toMatchObject({ mode: 'desktop', dataDir: w.userData });
  });

  it('quits cleanly: the instance file is removed, the lock released, exit code 0', async () => {
    const w = workspace();
    const app = launch({ userData: w.userData, journalFile: w.journal('a') });
    await app.waitForWindow();
    expect(existsSync(join(w.userData, 'instance.json'))).toBe(true);
    expect(existsSync(join(w.userData, 'SingletonLock'))).toBe(true);
    await app.request('window-close'); // the last window: window-all-closed quits on Linux and Windows
    expect(await app.exited()).toBe(0);
    expect(existsSync(join(w.userData, 'instance.json'))).toBe(false);
    expect(existsSync(join(w.userData, 'SingletonLock'))).toBe(false);
  });

  it('a second launch leaves the first in charge and quits with 0; the first shows its window', async () => {
    const w = workspace();
    const first = launch({ userData: w.userData, journalFile: w.journal('1') });
    await first.waitForWindow();
    const second = launch({ userData: w.userData, journalFile: w.journal('2') });
    expect(await second.exited()).toBe(0);
    expect(second.journal()).toEqual(['app.requestSingleInstanceLock', 'app.quit', 'app.exit 0']);
    await first.request('second-instance');
    expect((await first.state()).journal.at(-1)).toBe('window.focus');
  });

  describe('a start that fails shows an error dialog and exits non-zero, releasing the lock', () => {
    async function failedStart(
      w: ReturnType<typeof workspace>,
      env: NodeJS.ProcessEnv = {},
      userData = w.userData,
    ): Promise<{ title: string; content: string; journal: string[] }> {
      const app = launch({ userData, journalFile: w.journal('fail'), env });
      const code = await app.exited(20_000);
      expect(code).toBe(1);
      const lines = readFileSync(w.journal('fail'), 'utf8').split('\n');
      const box = lines.find((l) => l.startsWith('  {'));
      expect(box, app.output()).toBeDefined();
      expect(existsSync(join(userData, 'SingletonLock'))).toBe(false);
      expect(existsSync(join(userData, 'instance.json'))).toBe(false);
      return { ...(JSON.parse(box!) as { title: string; content: string }), journal: app.journal() };
    }

    it('the data dir cannot be created (its parent is a file)', async () => {
      const w = workspace();
      writeFileSync(join(w.dir, 'not-a-folder'), '');
      const userData = join(w.dir, 'not-a-folder', 'Hookbench');
      const failure = await failedStart(w, {}, userData);
      expect(failure.title).toBe('Hookbench could not start');
      expect(failure.content).toContain('ENOTDIR');
      expect(failure.content).toContain(`Hookbench keeps its data in ${userData}`);
      expect(failure.journal.at(-1)).toBe('app.exit 1');
    });

    it('the data dir holds something the core cannot open (settings.json is a folder)', async () => {
      const w = workspace();
      mkdirSync(join(w.userData, 'settings.json'), { recursive: true });
      const failure = await failedStart(w);
      // The core names the path and what to do (DataDirError), instead of a raw EISDIR.
      expect(failure.content).toMatch(/settings\.json is a directory; Hookbench keeps its own file there/);
      expect(failure.content).toContain(join(w.userData, 'logs', 'hookbench.log'));
      expect(failure.journal).toContain('app.releaseSingleInstanceLock');
      expect(failure.journal).not.toContain('BrowserWindow');
      // the error is in the log file too, with its stack
      expect(readFileSync(join(w.userData, 'logs', 'hookbench.log'), 'utf8')).toMatch(
        /could not start.*settings\.json is a directory/s,
      );
    });

    it('the HTTP port asked for (HOOKBENCH_PORT) is taken', async () => {
      const w = workspace();
      const { port } = await occupyPort();
      const failure = await failedStart(w, { HOOKBENCH_PORT: String(port) });
      expect(failure.content).toContain(`Port ${port} (HOOKBENCH_PORT) could not be opened: EADDRINUSE`);
      expect(failure.content).toContain('set HOOKBENCH_PORT to a free port');
    });

    it('the receiver port asked for (HOOKBENCH_RECEIVER_PORT) is taken', async () => {
      const w = workspace();
      const { port } = await occupyPort();
      const failure = await failedStart(w, { HOOKBENCH_RECEIVER_PORT: String(port) });
      expect(failure.content).toContain(`Port ${port} (HOOKBENCH_RECEIVER_PORT)`);
      // the lock was released: the next launch, with the port free, starts
      const next = launch({ userData: w.userData, journalFile: w.journal('next') });
      await next.waitForWindow();
    });
  });
});
