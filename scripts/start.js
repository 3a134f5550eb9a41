// `npm start`: the desktop app when Electron can open a window here; otherwise
// one line saying why, then headless mode with the URL to open. A sandbox that
// needs the user's hand (Ubuntu >= 23.10) is explained, not worked around.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.js';
import { ensureElectronBinary } from './electron-binary.js';
import { cappedText, exitCodeFor, ignoreBrokenPipes, sandboxAdvice } from './launch-outcome.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** A crash this soon after launch means the window could not open (missing libraries, no GPU…). */
const EARLY_CRASH_MS = 10_000;
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

ignoreBrokenPipes(process.stdout, process.stderr);

async function desktopBinary() {
  if (process.env.HOOKBENCH_HEADLESS === '1') return { reason: 'HOOKBENCH_HEADLESS=1 is set' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  try {
    return { binary: await ensureElectronBinary() };
  } catch (err) {
    return { reason: `Electron's binary is not installed and could not be downloaded (${err.message})` };
  }
}

/**
 * Runs a child with our signals passed on (Ctrl-C reaches Electron or the
 * server, which stop cleanly); resolves with its exit code (a death by signal
 * is 128 + N) and whether the user interrupted it. The handlers are in place
 * before the child exists: a signal that arrives while it is being spawned is
 * passed on too, not left to kill the launcher alone.
 */
function supervise(start) {
  let child = null;
  let interrupted = false;
  const early = [];
  const forward = (signal) => {
    interrupted = true;
    if (!child) early.push(signal);
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child = start();
  for (const signal of early) child.kill(signal);
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`Could not start ${child.spawnfile}: ${err.message}\n`);
      resolve({ child, code: 1, interrupted });
    });
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve({ child, code: exitCodeFor(code, signal), interrupted });
    });
  });
}

async function serveHeadless(reason) {
  process.stderr.write(
    `Hookbench cannot open the desktop window: ${reason}. Starting headless mode instead — open the URL below in a browser.\n`,
  );
  const run = () =>
    spawn(process.execPath, [join(root, 'bin', 'hookbench.js'), 'serve', ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
  return (await supervise(run)).code;
}

async function runDesktop(binary) {
  const started = Date.now();
  // Only the start of stderr is kept, for the diagnosis below; everything is passed through as it comes.
  const stderr = cappedText();
  const run = () => {
    const child = spawn(binary, [root], { stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (chunk) => {
      stderr.add(chunk);
      process.stderr.write(chunk);
    });
    return child;
  };
  const { code, interrupted } = await supervise(run);
  if (code === 0 || interrupted) return code;
  const advice = sandboxAdvice(stderr.text, binary);
  if (advice) {
    process.stderr.write(`\n${advice}\n`);
    return 1;
  }
  // The app's own failed start already showed its error dialog (and logged this line): nothing to fall back to.
  if (/ error Hookbench could not start/.test(stderr.text)) return code;
  if (Date.now() - started < EARLY_CRASH_MS) {
    const firstLine = stderr.text.split('\n').find((l) => l.trim()) ?? `exit code ${code}`;
    return serveHeadless(`Electron failed to start (${firstLine.trim()})`);
  }
  return code;
}

await ensureBuilt();
const { binary, reason } = await desktopBinary();
process.exitCode = binary ? await runDesktop(binary) : await serveHeadless(reason);
