// Builds with electron-vite when out/ is missing or older than the sources, so
// `npm start`, `npm run serve` and the bin always run current code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'out', '.build-stamp');
const SOURCES = ['electron', 'renderer', 'shared', 'resources', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isBuildCurrent() {
  if (!existsSync(stamp) || !existsSync(join(root, 'out', 'main', 'cli.js'))) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((s) => newestMtime(join(root, s)) <= built);
}

export async function ensureBuilt({ quiet = false } = {}) {
  if (isBuildCurrent()) return;
  if (!existsSync(join(root, 'node_modules', 'electron-vite'))) {
    process.stderr.write('Hookbench is not built and its build tools are missing: run "npm install" first.\n');
    process.exit(2);
  }
  if (!quiet) process.stderr.write('Building Hookbench…\n');
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 2, 2],
    },
  );
  if (r.status !== 0) {
    process.stderr.write('The build failed (see above).\n');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, String(Date.now()));
  if (!quiet) process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await ensureBuilt();
