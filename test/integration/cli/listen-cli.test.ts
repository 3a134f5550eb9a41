import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, startHeadless } from '../../support/headless-process';
import { send } from '../../support/receiver-harness';
import { tempDir } from '../../support/temp';

const secret = 'whsec_listenclitestsecret0123456789ab';
const stripe = new Stripe('sk_test_hookbench');
const body = '{"id":"evt_1","type":"invoice.paid"}';

/** The built CLI running `listen`; `waitFor` polls its output for a pattern (no fixed sleeps). */
function startListen(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [binPath, 'listen', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
    let m: RegExpExecArray | null = null;
    await expect.poll(() => (m = re.exec(out)), { timeout: 30_000, interval: 20 }).not.toBeNull();
    return m!;
  };
  const stop = (signal: NodeJS.Signals = 'SIGINT') =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  return { child, output: () => out, waitFor, stop };
}

describe('hookbench listen (built binary)', () => {
  let target: Server;
  let targetUrl: string;
  const tmp = tempDir('hb-listen-');

  beforeAll(async () => {
    target = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202).end('ok'));
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/webhooks`;
  });
  afterAll(async () => {
    target.closeAllConnections();
    await new Promise((r) => target.close(r));
    tmp.cleanup();
  });

  it('creates the inbox, prints one line per capture with verdict and forward status, and stops on Ctrl-C', async () => {
    const dataDir = join(tmp.dir, 'a');
    const hb = startListen([
      '--inbox',
      'Stripe dev',
      '--provider',
      'stripe',
      '--secret',
      secret,
      '--forward-to',
      targetUrl,
      '--data-dir',
      dataDir,
    ]);
    const [, url] = await hb.waitFor(/Listening: (http:\/\/127\.0\.0\.1:\d+\/in\/stripe-dev)\n/);
    // the lines after "Listening:" may still be on their way
    await hb.waitFor(/Verifying: stripe with 1 secret\(s\)\/key\(s\)/);
    await hb.waitFor(new RegExp(`Forwarding to: ${targetUrl.replace(/[.]/g, '\\.')}`));
    expect(hb.output()).not.toContain(secret);

    const header = stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: Math.floor(Date.now() / 1000),
    });
    const ok = await send(`${url}/sub?x=1`, {
      headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' },
      body,
    });
    expect(ok.status).toBe(202);
    await hb.waitFor(/POST \/in\/stripe-dev\/sub\?x=1 {2}36 B {2}verified \(stripe\) {2}forward 202 {2}→ 202/);
    const bad = await send(url!, { headers: { 'Stripe-Signature': header }, body: body.replace('paid', 'void') });
    expect(bad.status).toBe(202);
    await hb.waitFor(/POST \/in\/stripe-dev {2}36 B {2}INVALID \(stripe\): .+ {2}forward 202/);
    await send(url!.replace('stripe-dev', 'stripe-dve'), { body: '{}' });
    await hb.waitFor(/POST \/in\/stripe-dve {2}2 B {2}rejected: 404 unknown inbox "stripe-dve" {2}→ 404/);
    expect(await hb.stop('SIGINT')).toBe(0);

    // Again without flags: the same inbox, its settings kept.
    const again = startListen(['--inbox', 'Stripe dev', '--data-dir', dataDir]);
    await again.waitFor(/Listening: http:\/\/127\.0\.0\.1:\d+\/in\/stripe-dev\n/);
    await again.waitFor(/Verifying: stripe/);
    expect(await again.stop('SIGTERM')).toBe(0);
  });

  it('exits 2 for --secret without --provider, and when the data dir is served already', async () => {
    const r = spawnSync(
      process.execPath,
      [binPath, 'listen', '--inbox', 'x', '--secret', 's', '--port', '0', '--data-dir', join(tmp.dir, 'b')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--secret needs --provider/);

    const dataDir = join(tmp.dir, 'c');
    const served = await startHeadless(dataDir, ['--receiver-port', '0']);
    try {
      let receiver: RegExpExecArray | null = null;
      // "Receiver:" is printed after the UI line startHeadless waits for
      await expect
        .poll(() => (receiver = /Receiver: (http:\/\/127\.0\.0\.1:\d+)\n/.exec(served.output())))
        .not.toBeNull();
      const instance = JSON.parse(readFileSync(join(dataDir, 'instance.json'), 'utf8')) as { receiverUrl: string };
      expect(instance.receiverUrl).toBe(receiver![1]);
      const busy = spawnSync(
        process.execPath,
        [binPath, 'listen', '--inbox', 'x', '--port', '0', '--data-dir', dataDir],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(busy.status).toBe(2);
      expect(busy.stderr).toContain(`its receiver is at ${receiver![1]}`);
    } finally {
      await served.stop();
    }
  });
});
