import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

/**
 * `npm start` (scripts/start.js) against a stand-in Electron binary, a shell
 * script placed through Electron's own ELECTRON_OVERRIDE_DIST_PATH: what the
 * launcher does with what Electron does.
 */
const FAKE_ELECTRON = `#!/bin/sh
echo "$@" > "$FAKE_DIR/args"
case "$FAKE_ELECTRON_MODE" in
  sandbox)
    echo "[40:0908/150845.938417:FATAL:setuid_sandbox_host.cc(166)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that $FAKE_DIR/chrome-sandbox is owned by root and has mode 4755." >&2
    kill -TRAP $$ ;;
  missing-library)
    echo "$FAKE_DIR/electron: error while loading shared libraries: libnss3.so: cannot open shared object file" >&2
    exit 127 ;;
  app-failed)
    echo "2026-01-01T00:00:00.000Z error Hookbench could not start Error: EISDIR" >&2
    exit 1 ;;
  noisy)
    head -c 2000000 /dev/zero | tr '\\0' x >&2
    exit 0 ;;
  running)
    echo "window open"
    exec sleep 600 ;;
esac
`;

const children: ChildProcess[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  cleanups.splice(0).forEach((c) => c());
});

function launcher(mode: string, args: string[] = []) {
  const t = tempDir('hb-start-');
  cleanups.push(t.cleanup);
  writeFileSync(join(t.dir, 'electron'), FAKE_ELECTRON);
  chmodSync(join(t.dir, 'electron'), 0o755);
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.js'), ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DISPLAY: ':99',
      HOOKBENCH_HEADLESS: '',
      ELECTRON_OVERRIDE_DIST_PATH: t.dir,
      FAKE_DIR: t.dir,
      FAKE_ELECTRON_MODE: mode,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => pattern.test(out) && resolve();
      child.stdout!.on('data', check);
      child.on('exit', () => reject(new Error(`exited before printing ${pattern}:\n${out}\n${err}`)));
    });
  return { child, dir: t.dir, exited, printed, out: () => out, err: () => err };
}

describe('npm start (scripts/start.js)', () => {
  it('explains the sandbox fix and exits 1 instead of falling back to headless mode', async () => {
    const run = launcher('sandbox');
    expect(await run.exited).toBe(1);
    expect(run.err()).toContain(`sudo chown root:root ${run.dir}/chrome-sandbox`);
    expect(run.err()).toContain(`sudo chmod 4755 ${run.dir}/chrome-sandbox`);
    expect(run.err()).toContain(`profile hookbench-electron ${run.dir}/electron flags=(unconfined)`);
    expect(run.err()).not.toContain('Starting headless mode');
    expect(readFileSync(join(run.dir, 'args'), 'utf8').trim()).toBe(repoRoot);
  });

  it('passes Ctrl-C and SIGTERM on to Electron and reports its death by signal as a non-zero exit', async () => {
    const run = launcher('running');
    await run.printed(/window open/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.err()).not.toContain('Starting headless mode');
  });

  it("does not fall back to headless mode when the app's own start failed (its dialog said why)", async () => {
    const run = launcher('app-failed');
    expect(await run.exited).toBe(1);
    expect(run.err()).not.toContain('Starting headless mode');
  });

  it('falls back to headless mode when Electron cannot start here, and stops it on Ctrl-C', async () => {
    const data = tempDir('hb-start-data-');
    cleanups.push(data.cleanup);
    const run = launcher('missing-library', ['--port', '0', '--receiver-port', '0', '--data-dir', data.dir]);
    await run.printed(/Hookbench UI: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(run.err()).toContain(
      'Hookbench cannot open the desktop window: Electron failed to start (' +
        `${run.dir}/electron: error while loading shared libraries: libnss3.so`,
    );
    run.child.kill('SIGINT');
    expect(await run.exited, run.out() + run.err()).toBe(0);
  });

  it('survives a reader that went away (EPIPE) and keeps the exit code', async () => {
    const run = launcher('noisy');
    run.child.stderr!.destroy();
    expect(await run.exited).toBe(0);
  });
});
