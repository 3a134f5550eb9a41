import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';
import { repoRoot } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

/**
 * The packaging configuration, checked by packaging: electron-builder runs
 * `--linux --dir` for real (offline: Electron's binary cannot be downloaded
 * here, so a stand-in that carries Electron's fuse wire takes its place) and
 * the unpacked app is inspected. Installers (AppImage, deb, dmg, nsis) come
 * from the same configuration on a machine with network.
 */
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(path: string, opts?: object): string[] };
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<string, number>>;
  FuseV1Options: Record<string, number>;
};
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  productName: string;
  dependencies: Record<string, string>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;

/** A file that is not Electron but carries its fuse wire (version 1, 8 fuses, Electron's defaults) for the fuses step to flip. */
function fakeElectronDist(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.from([1, 8, ON, OFF, ON, ON, OFF, OFF, OFF, ON]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n#'), Buffer.from(SENTINEL), wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  for (const f of ['chrome-sandbox', 'LICENSE']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'version'), '45.4.1');
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Every file under `dir`, relative to it. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('packaging (electron-builder.config.ts)', () => {
  const t = tempDir('hb-package-');
  const appDir = join(t.dir, 'out', 'linux-unpacked');
  let files: string[] = [];
  let unpacked: string[] = [];
  let build = { code: null as number | null, output: '' };

  beforeAll(async () => {
    const dist = join(t.dir, 'electron-dist');
    fakeElectronDist(dist);
    build = await run([
      '--config',
      'electron-builder.config.ts',
      '--linux',
      '--dir',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${join(t.dir, 'out')}`,
    ]);
    if (build.code !== 0) return;
    files = asar.listPackage(join(appDir, 'resources', 'app.asar')).map((f) => f.replace(/^[/\\]/, ''));
    const unpackedDir = join(appDir, 'resources', 'app.asar.unpacked');
    unpacked = existsSync(unpackedDir) ? walk(unpackedDir) : [];
  }, 180_000);
  afterAll(() => t.cleanup());

  it('packages the app (electron-builder --dir succeeds)', () => {
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(appDir, 'hookbench'))).toBe(true);
  });

  it('holds the built app and its runtime dependencies, and no tests, sources or source maps', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'out/main/index.js',
        'out/main/cli.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'resources/icons/512x512.png',
      ]),
    );
    for (const dep of Object.keys(pkg.dependencies)) expect(files).toContain(`node_modules/${dep}/package.json`);
    const outside = files.filter(
      (f) =>
        !f.startsWith('out/') &&
        !f.startsWith('node_modules/') &&
        ![
          'package.json',
          'resources',
          'resources/icons',
          'resources/icons/512x512.png',
          'out',
          'node_modules',
        ].includes(f),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => /^(test|electron|renderer|shared|bench|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map') || f === 'out/.build-stamp')).toEqual([]);
    // bundled into out/renderer by electron-vite: not shipped a second time
    for (const bundled of ['monaco-editor', 'react', 'react-dom', 'zustand', 'electron'])
      expect(files).not.toContain(`node_modules/${bundled}/package.json`);
  });

  it('ships no native addon: nothing to unpack from the archive or rebuild for Electron', () => {
    // the exchange store runs on Electron's own node:sqlite; a dependency with a .node file would need
    // asarUnpack and a build per architecture again
    const packaged = files
      .filter((f) => /^node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(f))
      .map((f) => f.slice(0, -13));
    expect(packaged.length).toBeGreaterThan(0);
    const native = packaged.flatMap((dir) =>
      walk(join(repoRoot, dir))
        .filter((f) => f.endsWith('.node'))
        .map((f) => `${dir}/${f}`),
    );
    expect(native).toEqual([]);
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([]);
    expect(unpacked).toEqual([]);
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the fuses: no ELECTRON_RUN_AS_NODE, cookies encrypted, the asar checked and the only app loaded', async () => {
    const wire = await fuses.getCurrentFuseWire(join(appDir, 'hookbench'));
    const fuse = (name: string) => wire[fuses.FuseV1Options[name]!];
    expect(fuse('RunAsNode')).toBe(OFF);
    expect(fuse('EnableCookieEncryption')).toBe(ON);
    expect(fuse('EnableNodeOptionsEnvironmentVariable')).toBe(OFF);
    expect(fuse('EnableNodeCliInspectArguments')).toBe(OFF);
    expect(fuse('EnableEmbeddedAsarIntegrityValidation')).toBe(ON);
    expect(fuse('OnlyLoadAppFromAsar')).toBe(ON);
    expect(fuse('GrantFileProtocolExtraPrivileges')).toBe(OFF);
  });

  it('names the product Hookbench (the data dir follows) and targets AppImage, deb, dmg and nsis', () => {
    expect(pkg.productName).toBe('Hookbench');
    expect(config.productName).toBe('Hookbench');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
    expect(JSON.stringify(config.mac!.target)).toContain('"dmg"');
    expect(JSON.stringify(config.win!.target)).toContain('"nsis"');
  });

  it('has the icons it declares, at their sizes', () => {
    const linux = join(repoRoot, config.linux!.icon!);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
      expect(pngSize(readFileSync(join(linux, `${size}x${size}.png`)))).toEqual([size, size]);

    const ico = readFileSync(join(repoRoot, config.win!.icon!));
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const entry = 6 + 16 * i;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      const declared = ico.readUInt8(entry) || 256;
      expect(pngSize(png)).toEqual([declared, declared]);
      return declared;
    });
    expect(icoSizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = readFileSync(join(repoRoot, config.mac!.icon!));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const icnsSizes: Record<string, number> = {};
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const type = icns.subarray(at, at + 4).toString('ascii');
      icnsSizes[type] = pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0];
    }
    expect(icnsSizes).toMatchObject({ icp4: 16, icp5: 32, ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });
});
