import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import { toHar } from '../../../shared/export/har';
import { binPath, startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function hookbench(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      env: { ...process.env, HOOKBENCH_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Class 8 of issue 13: a failed write is a failure, usage errors name the flag, large imports stream. */
describe('CLI honesty', () => {
  const tmp = tempDir('hb-cli-honest-');
  const dataDir = join(tmp.dir, 'data');
  let hb: HeadlessProcess;
  let sample: ExchangeDetail;
  const rpc = async (name: string, input: unknown) => {
    const res = await fetch(`${hb.origin}/rpc/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hb.token}` },
      body: JSON.stringify(input),
    });
    return ((await res.json()) as { value: never }).value;
  };

  beforeAll(async () => {
    hb = await startHeadless(dataDir, ['--receiver-port', '0']);
    const inbox = (await rpc('createInbox', { name: 'cli' })) as { url: string };
    await (await fetch(inbox.url, { method: 'POST', body: '{"type":"x"}' })).arrayBuffer();
    const page = (await rpc('exportExchanges', {})) as { exchanges: ExchangeDetail[] };
    sample = page.exchanges[0]!;
  });
  afterAll(async () => {
    await hb?.stop();
    tmp.cleanup();
  });

  const local = ['--data-dir', dataDir];

  it('export to a path that cannot be written exits 2 naming --out; a failed write exits 1; neither claims it wrote', async () => {
    for (const out of [join(tmp.dir, 'no', 'such', 'dir', 'f.json'), tmp.dir]) {
      const r = await hookbench(['export', '-o', out, ...local]);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toContain(`--out: cannot write ${out}`);
      expect(r.stderr).not.toMatch(/Wrote/);
    }
    const full = await hookbench(['export', '-o', '/dev/full', ...local]);
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(/--out: writing \/dev\/full failed: no space left/);
    expect(full.stderr).not.toMatch(/Wrote/);
    const ok = await hookbench(['export', '--format', 'json', '-o', join(tmp.dir, 'ok.json'), ...local]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/Wrote 1 exchanges/);
  });

  it('payload --out to an unwritable path is a failure naming the flag', async () => {
    const missing = await hookbench(['payload', '--provider', 'github', '--event', 'ping', '--out', '/nonexistent/p']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--out: cannot write \/nonexistent\/p: its directory does not exist/);
    const full = await hookbench(['payload', '--provider', 'github', '--event', 'ping', '--out', '/dev/full']);
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(/--out: writing \/dev\/full failed/);
  });

  it('usage mistakes exit 2 naming the flag: --server, --header with a line break, --host', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['deliveries', 'list', '--server', 'notaurl', '--api-key', 'k'],
        /--server must be the URL of a running Hookbench/,
      ],
      [['deliveries', 'list', '--server', 'ftp://x', '--api-key', 'k'], /--server must be an http/],
      [
        [
          'send',
          '--provider',
          'github',
          '--secret',
          's',
          '--event',
          'ping',
          '--to',
          'http://127.0.0.1:1/',
          '--header',
          'X-A: a\r\nX-B: b',
        ],
        /--header "X-A: a\\r\\nX-B: b": Header values cannot contain line breaks/,
      ],
      [
        ['serve', '--port', '0', '--host', '256.1.1.1', '--data-dir', join(tmp.dir, 'h')],
        /--host: cannot listen on "256\.1\.1\.1"/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await hookbench(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('imports files larger than one request, in batches, in every format', async () => {
    const big = 'x'.repeat(200 * 1024);
    const records = (prefix: string) =>
      Array.from({ length: 60 }, (_, i): ExchangeDetail => {
        if (sample.kind !== 'capture') throw new Error('expected a capture');
        return {
          kind: 'capture',
          capture: {
            ...sample.capture,
            id: `${prefix}_${i}`,
            body: {
              isText: true,
              text: `{"n":${i},"pad":"${big}"}`,
              base64: null,
              size: big.length + 20,
              truncated: false,
            },
          },
        };
      });
    const dir = join(tmp.dir, 'imports');
    mkdirSync(dir);
    const files = {
      ndjson: join(dir, 'big.ndjson'),
      json: join(dir, 'big.json'),
      har: join(dir, 'big.har'),
    };
    writeFileSync(
      files.ndjson,
      records('nd')
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    writeFileSync(
      files.json,
      JSON.stringify(
        { format: 'hookbench-export', version: 1, exportedAt: new Date().toISOString(), exchanges: records('js') },
        null,
        2,
      ),
    );
    writeFileSync(files.har, JSON.stringify(toHar(records('har'), '0.1.0'), null, 2));
    for (const [format, file] of Object.entries(files)) {
      expect(existsSync(file)).toBe(true);
      const r = await hookbench(['import', file, '--json', ...local]);
      expect(r.status, `${format}: ${r.stderr}`).toBe(0);
      const result = JSON.parse(r.stdout) as { imported: number; format: string };
      expect(result.imported, format).toBe(60);
      expect(result.format).toBe(format === 'json' ? 'hookbench-json' : format);
      expect(r.stderr).toMatch(/imported \d+ records…/); // more than one batch went
    }
  });
});
