// Where Electron's binary is, and fetching it with visible progress when it is not there yet.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const electronDir = join(root, 'node_modules', 'electron');

/** Electron's own lookup (node_modules/electron/index.js), without its side effect of downloading. */
export function electronBinary(dir = electronDir, env = process.env) {
  let rel = '';
  try {
    rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    rel = '';
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      rel || (process.platform === 'win32' ? 'electron.exe' : 'electron'),
    );
    return existsSync(bin) ? bin : null;
  }
  if (!rel) return null;
  const bin = join(dir, 'dist', rel);
  return existsSync(bin) ? bin : null;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Progress for a terminal (one line rewritten in place) or for a log (a line
 * every 10%), on stderr: the download is ~100 MB and can take minutes.
 */
export function progressPrinter(label, stream = process.stderr) {
  let lastTenth = -1;
  return ({ transferred, total }) => {
    const percent = total ? Math.floor((transferred / total) * 100) : null;
    const text = `${label}: ${percent === null ? mb(transferred) : `${percent}% of ${mb(total)}`}`;
    if (stream.isTTY) {
      stream.write(`\r${text}`);
      if (total && transferred >= total) stream.write('\n');
      return;
    }
    const tenth = percent === null ? Math.floor(transferred / (10 * 1024 * 1024)) : Math.floor(percent / 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${text}\n`);
    }
  };
}

/**
 * Downloads Electron's zip into @electron/get's cache, as Electron's installer
 * would, with progress and without a deadline: a slow connection finishes,
 * only a stalled one (no byte for `stallMs`) is given up. Resolves to the zip's
 * path; rejects with the reason (offline, stalled, checksum). Tests pass a
 * mirror, its checksums and a cache of their own.
 *
 * @param {{
 *   dir?: string,
 *   onProgress?: (p: { transferred: number, total: number | null, percent: number }) => void,
 *   stallMs?: number,
 *   checksums?: Record<string, string>,
 *   mirror?: string,
 *   cacheRoot?: string,
 *   platform?: string,
 *   arch?: string,
 * }} [options]
 * @returns {Promise<string>}
 */
export async function downloadElectronZip({
  dir = electronDir,
  onProgress = () => {},
  stallMs = 60_000,
  checksums,
  mirror,
  cacheRoot = process.env.electron_config_cache,
  platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform,
  arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch,
} = {}) {
  const require = createRequire(join(dir, 'package.json'));
  const { version } = require('./package.json');
  const { downloadArtifact } = await import(pathToFileURL(require.resolve('@electron/get')).href);
  const remoteChecksums =
    process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums;
  const controller = new AbortController();
  let stall;
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(
      () => controller.abort(new Error(`no data for ${Math.round(stallMs / 1000)} s, the download stalled`)),
      stallMs,
    );
  };
  watch();
  try {
    return await downloadArtifact({
      version,
      artifactName: 'electron',
      platform,
      arch,
      cacheRoot,
      checksums: checksums ?? (remoteChecksums ? undefined : require('./checksums.json')),
      ...(mirror ? { mirrorOptions: { mirror } } : {}),
      downloadOptions: {
        quiet: true,
        signal: controller.signal,
        getProgressCallback: (progress) => {
          watch();
          onProgress(progress);
        },
      },
    });
  } catch (err) {
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    clearTimeout(stall);
  }
}

/**
 * Electron's binary, fetched when missing: the zip with progress, then
 * Electron's own installer unpacks it from the cache. Resolves to the binary,
 * or rejects with why it could not be had.
 */
export async function ensureElectronBinary({ dir = electronDir, stream = process.stderr } = {}) {
  const existing = electronBinary(dir);
  if (existing) return existing;
  if (!existsSync(join(dir, 'install.js'))) throw new Error('the electron package is not installed (npm install)');
  const { version } = createRequire(join(dir, 'package.json'))('./package.json');
  stream.write(`Hookbench needs Electron ${version}'s binary once; downloading it…\n`);
  await downloadElectronZip({ dir, onProgress: progressPrinter(`Electron ${version}`, stream) });
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (c) => resolve(c));
    child.on('error', () => resolve(1));
  });
  const bin = electronBinary(dir);
  if (code !== 0 || !bin) throw new Error(`Electron's installer could not unpack the download (exit ${code})`);
  return bin;
}
