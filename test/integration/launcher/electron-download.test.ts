import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadElectronZip, electronDir, progressPrinter } from '../../../scripts/electron-binary.js';
import { tempDir } from '../../support/temp';

const { version } = createRequire(join(electronDir, 'package.json'))('./package.json') as { version: string };
const file = `electron-v${version}-linux-x64.zip`;
const zip = Buffer.alloc(512 * 1024, 7);
const checksums = { [file]: createHash('sha256').update(zip).digest('hex') };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A release mirror on loopback that answers the zip in `chunks` pieces, `gapMs` apart, and can stop halfway. */
async function mirror(chunks: number, gapMs: number, stopAfter = chunks): Promise<string> {
  const server: Server = createServer((req, res: ServerResponse) => {
    if (req.url !== `/v${version}/${file}`) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Length': zip.length, 'Content-Type': 'application/zip' });
    const size = zip.length / chunks;
    let i = 0;
    const next = () => {
      if (i === stopAfter) return; // hangs, connection open
      res.write(zip.subarray(i * size, (i + 1) * size));
      if (++i === chunks) res.end();
      else setTimeout(next, gapMs);
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

function cache() {
  const t = tempDir('hb-electron-cache-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("Electron's download", () => {
  it('reports progress and is not cut while bytes keep coming, however long it takes', async () => {
    const seen: number[] = [];
    const path = await downloadElectronZip({
      mirror: await mirror(16, 150), // ~2.3 s, longer than the stall limit below
      checksums,
      cacheRoot: cache(),
      platform: 'linux',
      arch: 'x64',
      stallMs: 1000,
      onProgress: ({ transferred }: { transferred: number }) => seen.push(transferred),
    });
    expect(readFileSync(path)).toEqual(zip);
    expect(seen.at(-1)).toBe(zip.length);
    expect(seen.length).toBeGreaterThanOrEqual(16);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('gives up on a download that stalls, saying so', async () => {
    const started = Date.now();
    const failure = await downloadElectronZip({
      mirror: await mirror(8, 10, 3),
      checksums,
      cacheRoot: cache(),
      platform: 'linux',
      arch: 'x64',
      stallMs: 500,
    }).catch((e: Error) => e);
    expect((failure as Error).message).toBe('no data for 1 s, the download stalled');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails fast when there is no network to reach', async () => {
    const closed = await mirror(1, 0);
    await cleanups.pop()!();
    const failure = await downloadElectronZip({
      mirror: closed,
      checksums,
      cacheRoot: cache(),
      platform: 'linux',
      arch: 'x64',
    }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error & { cause?: Error }).cause ?? failure)).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('prints a line per tenth when stderr is not a terminal', () => {
    const lines: string[] = [];
    const print = progressPrinter('Electron 45', { isTTY: false, write: (s: string) => lines.push(s) } as never);
    for (let mb = 0; mb <= 100; mb += 5) print({ transferred: mb * 1024 * 1024, total: 100 * 1024 * 1024 });
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('Electron 45: 0% of 100.0 MB\n');
    expect(lines.at(-1)).toBe('Electron 45: 100% of 100.0 MB\n');
  });
});
