// `npm start`: the desktop app when Electron can open a window here; otherwise
// one line saying why, then headless mode with the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

function electronBinary() {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const bin = join(electronDir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Electron downloads its binary on first use; try once, briefly, so an offline machine is not kept waiting. */
function fetchElectronBinary() {
  if (!existsSync(join(electronDir, 'install.js'))) return null;
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return electronBinary();
}

function whyNoDesktop() {
  if (process.env.HOOKBENCH_HEADLESS === '1') return 'HOOKBENCH_HEADLESS=1 is set';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  if (!electronBinary() && !fetchElectronBinary())
    return "Electron's binary is not installed and could not be downloaded (offline?)";
  return null;
}

function serveHeadless(reason) {
  process.stderr.write(
    `Hookbench cannot open the desktop window: ${reason}. Starting headless mode instead — open the URL below in a browser.\n`,
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'hookbench.js'), 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

await ensureBuilt();
const reason = whyNoDesktop();
if (reason) {
  serveHeadless(reason);
} else {
  const require = createRequire(import.meta.url);
  const electronPath = require('electron');
  const started = Date.now();
  const child = spawn(electronPath, [root], { stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
    process.stderr.write(c);
  });
  child.on('exit', (code) => {
    // A crash within seconds of launch means the window could not open (missing libraries, no GPU…).
    if (code !== 0 && Date.now() - started < 10_000) {
      const firstLine = stderr.split('\n').find((l) => l.trim()) ?? `exit code ${code}`;
      serveHeadless(`Electron failed to start (${firstLine.trim()})`);
    } else process.exit(code ?? 0);
  });
}
