import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, startHeadless } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

const run = (...args: string[]) =>
  spawnSync(process.execPath, [binPath, ...args], { encoding: 'utf8', timeout: 60_000 });
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('hookbench CLI (built binary)', () => {
  it('prints its version and help with exit 0', () => {
    const v = run('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const h = run('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: hookbench/);
    expect(h.stdout).toMatch(/serve/);
  });

  it('exits 2 with a usage hint for an unknown command or a bad flag value', () => {
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badPort = run('serve', '--port', 'eighty');
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be an integer from 0 to 65535/);
  });

  it('serve prints the UI URL with the token and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const tmp = tempDir('hb-cli-serve-');
      const hb = await startHeadless(tmp.dir);
      expect(hb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
      await expect.poll(() => hb.output()).toContain(`Data: ${tmp.dir}`);
      expect(await hb.stop(signal)).toBe(0);
      tmp.cleanup();
    }
  });

  it('serve on a port already taken exits 2 and says how to fix it', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const tmp = tempDir('hb-cli-busy-');
    const r = run('serve', '--port', String(port), '--data-dir', tmp.dir);
    blocker.close();
    tmp.cleanup();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Port ${port} is already in use; pass --port 0`));
  });
});
