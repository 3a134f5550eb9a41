import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, DataDirLockedError } from '../../../electron/core/index';
import { binPath, startHeadless } from '../../support/headless-process';
import { tempDir } from '../../support/temp';
import { unwrap } from '../../support/receiver-harness';

const serveOnce = (args: string[]) =>
  spawnSync(process.execPath, [binPath, 'serve', '--port', '0', '--receiver-port', '0', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

/** Class 6 of issue 13: one Hookbench per data dir, clear refusals, nothing lost to a clumsy hand. */
describe('data dir safety', () => {
  const tmp = tempDir('hb-datadir-');
  afterAll(() => tmp.cleanup());

  it('a second serve on the same data dir exits 2 naming the first; after SIGKILL of the first, the next one starts', async () => {
    const dataDir = join(tmp.dir, 'shared');
    const first = await startHeadless(dataDir, ['--receiver-port', '0']);
    try {
      const second = serveOnce(['--data-dir', dataDir]);
      expect(second.status).toBe(2);
      expect(second.stderr).toContain(`Hookbench is already running for ${dataDir} (pid ${first.child.pid}`);
      expect(second.stderr).toContain(`UI and API at ${first.origin}`);
      expect(await first.stop('SIGKILL')).toBeNull();
      // The killed process left its lock behind: it is stale and taken over.
      expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(true);
      const third = await startHeadless(dataDir, ['--receiver-port', '0']);
      expect(await third.stop()).toBe(0);
      expect(existsSync(join(dataDir, 'hookbench.lock'))).toBe(false);
    } finally {
      await first.stop('SIGKILL');
    }
  });

  it('core.start() throws a typed DataDirLockedError while another core holds the dir', async () => {
    const dataDir = join(tmp.dir, 'in-process');
    const a = createCore({ dataDir, receiverPort: 0 });
    await a.start();
    const b = createCore({ dataDir, receiverPort: 0 });
    try {
      const err = await b.start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as DataDirLockedError).pid).toBe(process.pid);
    } finally {
      await a.stop();
    }
    await b.start();
    await b.stop();
  });

  it('exits 2 with a clear message for a data dir that is a file, under /proc, or holds a directory where a file belongs', () => {
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const cases: [string[], RegExp][] = [
      [['--data-dir', file], /--data-dir: .*a-file is a file, not a directory/],
      [['--data-dir', '/proc/hookbench-x'], /--data-dir: \/proc\/hookbench-x cannot be created/],
    ];
    for (const name of ['settings.json', 'exchanges.db']) {
      const dir = join(tmp.dir, `dir-${name}`);
      mkdirSync(join(dir, name), { recursive: true });
      cases.push([['--data-dir', dir], new RegExp(`--data-dir: .*${name.replace('.', '\\.')} is a directory`)]);
    }
    for (const [args, message] of cases) {
      const r = serveOnce(args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('keeps the mode of an existing shared directory and makes every file it writes 0600', async () => {
    const shared = join(tmp.dir, 'sticky');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const hb = await startHeadless(shared, ['--receiver-port', '0']);
    try {
      const created = await fetch(`${hb.origin}/rpc/createApiKey`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hb.token}` },
        body: '{"name":"k"}',
      });
      const key = unwrap((await created.json()) as { ok: true; value: { key: string } });
      const put = await fetch(`${hb.origin}/api/webhook`, {
        method: 'POST',
        headers: { Authorization: key.key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ webhook: { url: 'http://127.0.0.1:9/', connectTimeout: 1000, readTimeout: 1000 } }),
      });
      expect(put.status).toBe(200);
      expect(statSync(shared).mode & 0o7777).toBe(0o1777);
      const files = readdirSync(shared);
      for (const name of [
        'settings.json',
        'exchanges.db',
        'exchanges.db-wal',
        'exchanges.db-shm',
        'secret.key',
        'instance.json',
        'hookbench.lock',
        'fusionauth-webhooks.json',
      ]) {
        expect(files).toContain(name);
        expect((statSync(join(shared, name)).mode & 0o777).toString(8), name).toBe('600');
      }
    } finally {
      await hb.stop();
    }
  });

  it('moves a truncated fusionauth-webhooks.json aside with a notice instead of overwriting it', async () => {
    const dataDir = join(tmp.dir, 'fa');
    const core = createCore({ dataDir, receiverPort: 0, bootstrapApiKey: 'fa-key-0123456789abcdef' });
    await core.start();
    const notices: string[] = [];
    core.events.subscribe(
      (m) => m.name === 'status.changed' && notices.push(...(m.payload as { notices: string[] }).notices),
    );
    const truncated = '{"version":1,"webhooks":{"a":{"data":{"x"';
    writeFileSync(join(dataDir, 'fusionauth-webhooks.json'), truncated);
    const { startControlServer } = await import('../../../electron/headless/server');
    const server = await startControlServer({ core, port: 0, rendererDir: tmp.dir, extraRoutes: [core.rest] });
    try {
      const list = await fetch(`http://127.0.0.1:${server.port}/api/webhook`, {
        headers: { Authorization: 'fa-key-0123456789abcdef' },
      });
      expect(list.status).toBe(200);
      const backups = readdirSync(dataDir).filter((f) => f.startsWith('fusionauth-webhooks.json.corrupt-'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(join(dataDir, backups[0]!), 'utf8')).toBe(truncated);
      expect(notices.join('\n')).toMatch(/FusionAuth webhook fields file was unreadable .* moved to/);
    } finally {
      await server.close();
      await core.stop();
    }
  });
});
