import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { binPath } from '../../support/headless-process';
import { tempDir } from '../../support/temp';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let server: WebhookServer;
const temp = tempDir('hb-cli-send-');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [binPath, 'send', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  server = await startWebhookServer((q, res) =>
    q.path === '/fail' ? res.writeHead(500).end('boom') : res.writeHead(200).end('thanks'),
  );
});
afterAll(async () => {
  await server.close();
  temp.cleanup();
});

describe('hookbench send (built binary)', () => {
  it('sends a signed sample payload, prints status and timing, exits 0 on 2xx', async () => {
    const r = await run([
      '--provider',
      'standard-webhooks',
      '--secret',
      SECRET,
      '--event',
      'user.created',
      '--to',
      server.url,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^200 .*total [\d.]+ ms/);
    expect(r.stdout).toContain('thanks');
    const got = server.received.at(-1)!;
    expect(() => new Webhook(SECRET).verify(got.body.toString(), got.headers as Record<string, string>)).not.toThrow();
  });

  it('sends --data as is and reports JSON with --json; exit 1 on a 500', async () => {
    const file = join(temp.dir, 'body.json');
    writeFileSync(file, '{"type":"user.created","data":{"id":"u1"}}');
    const r = await run([
      '--provider',
      'github',
      '--secret',
      's3cret',
      '--event',
      'push',
      '--to',
      server.url.replace('/hook', '/fail'),
      '--data',
      file,
      '--json',
      '--header',
      'X-Extra: 1',
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      status: number;
      response: { body: string };
      timings: { totalMs: number };
    };
    expect(out).toMatchObject({ ok: false, status: 500, response: { body: 'boom' } });
    expect(out.timings.totalMs).toBeGreaterThan(0);
    const got = server.received.at(-1)!;
    expect(got.body.toString()).toBe('{"type":"user.created","data":{"id":"u1"}}');
    expect(got.headers['x-extra']).toBe('1');
    expect(r.stdout).not.toContain('s3cret');
  });

  it('exits 2 and sends nothing on an unknown event, invalid JSON data or a malformed secret', async () => {
    const before = server.received.length;
    const bad = join(temp.dir, 'bad.json');
    writeFileSync(bad, '{"oops":');
    for (const args of [
      ['--provider', 'github', '--secret', 'x', '--event', 'nope', '--to', server.url],
      ['--provider', 'github', '--secret', 'x', '--event', 'push', '--to', server.url, '--data', bad],
      ['--provider', 'standard-webhooks', '--secret', 'not base64!', '--event', 'user.created', '--to', server.url],
      ['--provider', 'github', '--secret', 'x', '--event', 'push', '--to', 'ftp://example.com'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Error:/);
    }
    expect(server.received.length).toBe(before);
  });
});
