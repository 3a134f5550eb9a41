import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from '../../../shared/export/har';
import type { ExchangeSummary } from '../../../shared/model/exchange';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';
import { startWebhookServer, waitUntil, type WebhookServer } from '../../support/webhook-server';

const KEY = 'ci-automation-key-0123456789';

/**
 * The scripted CI flow of issue 8, run as a CI job would: the real built
 * binary, a headless instance started with HOOKBENCH_API_KEY, every command
 * reaching it over the REST API with that key, every exit code checked.
 */
describe('scripted CI flow against a running headless instance', () => {
  const tmp = tempDir('hb-cli-flow-');
  let hb: HeadlessProcess;
  let good: WebhookServer;
  let bad: WebhookServer;

  // Async: the endpoints run in this process and must answer while the CLI waits.
  const hookbench = (...args: string[]) =>
    runCli([...args, '--server', hb.origin], { env: { HOOKBENCH_API_KEY: KEY } });
  const ok = async (...args: string[]) => {
    const r = await hookbench(...args);
    expect(r.status, `hookbench ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    good = await startWebhookServer((_q, res) => res.writeHead(200).end('thanks'));
    bad = await startWebhookServer((_q, res) => res.writeHead(500).end('boom'));
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0'], { HOOKBENCH_API_KEY: KEY });
  });
  afterAll(async () => {
    await hb.stop();
    await good.close();
    await bad.close();
    tmp.cleanup();
  });

  it('creates a subscription, sends, waits for the delivery, asserts it and exports HAR — each step exit 0', async () => {
    const created = JSON.parse(
      (
        await ok(
          'subscriptions',
          'create',
          '--url',
          good.url,
          '--name',
          'ci endpoint',
          '--events',
          'user.created,user.deleted',
          '--json',
        )
      ).stdout,
    );
    expect(created.subscription).toMatchObject({
      name: 'ci endpoint',
      url: good.url,
      events: ['user.created', 'user.deleted'],
    });
    const secret: string = created.issued.secret;
    expect(secret).toMatch(/^whsec_/);

    const emitted = JSON.parse(
      (await ok('emit', '--event', 'user.created', '--subscription', created.subscription.id, '--json')).stdout,
    );
    expect(emitted.deliveries).toHaveLength(1);
    const deliveryId: string = emitted.deliveries[0].deliveryId;

    let entry: ExchangeSummary | undefined;
    await waitUntil(async () => {
      const listed = JSON.parse(
        (await ok('deliveries', 'list', '--subscription', created.subscription.id, '--json')).stdout,
      ) as ExchangeSummary[];
      entry = listed.find((e) => e.id === deliveryId && e.outcome !== 'pending');
      return entry !== undefined;
    }, 'the delivery to have an outcome');
    expect(entry).toMatchObject({
      kind: 'delivery',
      eventType: 'user.created',
      outcome: 'succeeded',
      status: 200,
      target: good.url,
    });

    // What arrived is signed so the receiver's check passes (asked over REST with the same key).
    const [arrived] = await good.waitFor(1);
    const verdict = await fetch(`${hb.origin}/api/v1/verify`, {
      method: 'POST',
      headers: { Authorization: KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        provider: 'standard-webhooks',
        secrets: [secret],
        headers: arrived!.headers,
        body: arrived!.body.toString(),
      }),
    });
    expect(((await verdict.json()) as { valid: boolean }).valid).toBe(true);

    const harFile = join(tmp.dir, 'ci.har');
    await ok('export', '--format', 'har', '--subscription', created.subscription.id, '--out', harFile);
    const har = JSON.parse(readFileSync(harFile, 'utf8')) as Har;
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0]).toMatchObject({ request: { method: 'POST', url: good.url }, response: { status: 200 } });

    const dry = await ok('replay', '--subscription', created.subscription.id, '--dry-run');
    expect(dry.stdout).toBe('1 exchange would be replayed.\n');
  });

  it('a failing endpoint makes the checked steps exit 1; replays report the same', async () => {
    const created = JSON.parse(
      (await ok('subscriptions', 'create', '--url', bad.url, '--name', 'broken', '--json')).stdout,
    );
    const id: string = created.subscription.id;
    const sent = await hookbench('emit', '--event', 'invoice.paid', '--subscription', id, '--wait');
    expect(sent.status).toBe(1);
    // the engine retries it: when, and how many tries the profile's schedule (8 attempts) leaves
    expect(sent.stdout).toMatch(/: 500; retry 1 of 7 scheduled at \d\d:\d\d:\d\d \(in [1-5] s\)\n/);

    const deliveryId = (
      JSON.parse((await ok('deliveries', 'list', '--subscription', id, '--json')).stdout) as ExchangeSummary[]
    )[0]!.id;
    const replayed = await hookbench('replay', '--id', deliveryId);
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/: 500/);
    // Edited and sent to the working endpoint instead: the checked thing passes.
    const bodyFile = join(tmp.dir, 'edited.json');
    writeFileSync(bodyFile, '{"type":"invoice.paid","data":{"edited":true}}');
    const edited = await ok(
      'replay',
      '--id',
      deliveryId,
      '--to',
      good.url,
      '--secret',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      '--body',
      bodyFile,
    );
    expect(edited.stdout).toMatch(/: 200/);
    expect(good.received.some((r) => r.body.toString() === '{"type":"invoice.paid","data":{"edited":true}}')).toBe(
      true,
    );

    const dry = await ok('replay', '--subscription', id, '--kind', 'delivery', '--dry-run', '--json');
    expect(JSON.parse(dry.stdout)).toEqual({ count: 2 });
    expect((await ok('replay', '--subscription', id, '--kind', 'delivery', '--dry-run')).stdout).toBe(
      '2 exchanges would be replayed.\n',
    );
    expect((await ok('replay', '--subscription', id, '--kind', 'capture', '--dry-run')).stdout).toBe(
      'No exchange matches the filter: nothing would be replayed.\n',
    );
    const before = bad.received.length;
    const bulk = await hookbench('replay', '--subscription', id, '--kind', 'delivery', '--rate', 'max');
    expect(bulk.status).toBe(1);
    expect(bulk.stderr).toMatch(/: 2 exchanges as fast as the engine goes/);
    expect(bulk.stderr).toMatch(/replayed 2\/2 \(0 ok, 2 failed\)/);
    expect(bulk.stdout).toMatch(/Bulk replay completed: 2 of 2 replayed, 0 succeeded, 2 failed/);
    expect(bad.received.length - before).toBeGreaterThanOrEqual(2);
  });

  it('emit --wait says when a failed delivery is retried by its own schedule, or that it is not', async () => {
    const custom = await fetch(`${hb.origin}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { Authorization: KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'patient',
        url: bad.url,
        retry: { mode: 'custom', delaysMs: [120_000], maxAttempts: 3, jitter: 0 },
      }),
    });
    expect(custom.status).toBe(200);
    const patient = ((await custom.json()) as { subscription: { id: string } }).subscription.id;
    const sent = await hookbench('emit', '--event', 'user.created', '--subscription', patient, '--wait');
    expect(sent.status).toBe(1);
    expect(sent.stdout).toMatch(/: 500; retry 1 of 2 scheduled at \d\d:\d\d:\d\d \(in 2 min\)\n/);

    // Stripe's documented schedule here is one attempt: nothing follows, and it says so
    const stripe = JSON.parse(
      (await ok('subscriptions', 'create', '--url', bad.url, '--name', 'once', '--provider', 'stripe', '--json'))
        .stdout,
    );
    const once = await hookbench('emit', '--event', 'invoice.paid', '--subscription', stripe.subscription.id, '--wait');
    expect(once.status).toBe(1);
    expect(once.stdout).toMatch(/: 500; no retry \(its schedule has none\)\n/);
  });

  it('usage and input errors exit 2 with a message naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['deliveries', 'list', '--outcome', 'lost'], /--outcome: .*"failed"/],
      [['deliveries', 'list', '--since', 'yesterday-ish'], /--since takes a duration/],
      [['subscriptions', 'create', '--url', 'ftp://example.com', '--name', 'x'], /--url: Enter an http/],
      [['subscriptions', 'create', '--url', good.url], /--name/],
      [['emit', '--event', 'user.created'], /--provider/],
      [['replay'], /Give --id ID .* or filter flags/],
      [['replay', '--outcome', 'failed', '--rate', '0'], /--rate must be a whole number from 1 to 100000, or "max"/],
      [['replay', '--outcome', 'failed', '--rate', 'fastest'], /--rate must be .* or "max" \(got "fastest"\)/],
      [['replay', '--id', 'no-such-entry'], /No delivery or capture with id "no-such-entry"/],
    ];
    const results = await Promise.all(cases.map(([args]) => hookbench(...args)));
    results.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    });
    const wrongKey = await hookbench('deliveries', 'list', '--api-key', 'not-the-key');
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toMatch(/API key/);
  });
});
