import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '../../../shared/model/subscription';
import { startHeadless, type HeadlessProcess } from '../../support/headless-process';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';
import { startWebhookServer, waitUntil, type WebhookServer } from '../../support/webhook-server';

/** subscriptions and deliveries list through the local instance (its instance file, no API key). */
describe('hookbench subscriptions / deliveries list against a running headless instance', () => {
  const tmp = tempDir('hb-cli-subs-');
  let hb: HeadlessProcess;
  let endpoint: WebhookServer;
  const cli = (...args: string[]) => runCli([...args, '--data-dir', tmp.dir]);

  beforeAll(async () => {
    endpoint = await startWebhookServer((_q, res) => res.writeHead(204).end());
    hb = await startHeadless(tmp.dir, ['--receiver-port', '0']);
  });
  afterAll(async () => {
    await hb.stop();
    await endpoint.close();
    tmp.cleanup();
  });

  it('lists nothing, creates with the secret printed once, lists it masked, deletes it', async () => {
    const empty = await cli('subscriptions', 'list');
    expect(empty.status).toBe(0);
    expect(empty.stdout).toMatch(/No subscriptions\. Create one with "hookbench subscriptions create/);
    expect(JSON.parse((await cli('subscriptions', 'list', '--json')).stdout)).toEqual([]);

    const created = await cli(
      'subscriptions',
      'create',
      '--url',
      endpoint.url,
      '--name',
      'Stripe dev',
      '--provider',
      'stripe',
      '--events',
      'invoice.paid, customer.created',
    );
    expect(created.status, created.stderr).toBe(0);
    const secret = /Secret: (\S+)/.exec(created.stdout)![1]!;
    expect(secret).toMatch(/^whsec_/);
    expect(created.stdout).toMatch(/Events: invoice\.paid,customer\.created/);
    expect(created.stderr).toMatch(/shown once/);

    const given = await cli(
      'subscriptions',
      'create',
      '--url',
      endpoint.url,
      '--name',
      'mine',
      '--secret',
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      '--disabled',
      '--json',
    );
    expect(given.status, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({
      subscription: { name: 'mine', enabled: false, profile: 'standard-webhooks', events: 'all' },
      issued: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    });

    const table = await cli('subscriptions', 'list');
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+PROFILE\s+STATE\s+EVENTS\s+URL$/);
    expect(table.stdout).toMatch(/Stripe dev\s+stripe\s+enabled\s+invoice\.paid,customer\.created\s+http/);
    expect(table.stdout).toMatch(/mine\s+standard-webhooks\s+disabled/);
    expect(table.stdout).not.toContain(secret);
    const listed = JSON.parse((await cli('subscriptions', 'list', '--json')).stdout) as Subscription[];
    expect(listed.map((s) => s.name).sort()).toEqual(['Stripe dev', 'mine']);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const mine = listed.find((s) => s.name === 'mine')!;
    const deleted = await cli('subscriptions', 'delete', mine.id, '--json');
    expect(deleted.status).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ deleted: true });
    const again = await cli('subscriptions', 'delete', mine.id);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/No subscription with id/);
  });

  it('refuses bad input with exit 2, naming the flag, and creates nothing', async () => {
    const before = (await cli('subscriptions', 'list', '--json')).stdout;
    const cases: [string[], RegExp][] = [
      [['--url', endpoint.url, '--name', 'x', '--provider', 'acme'], /Unknown provider "acme"/],
      [['--url', endpoint.url, '--name', 'x', '--profile', 'acme'], /Unknown provider "acme"/],
      [
        ['--url', endpoint.url, '--name', 'x', '--provider', 'stripe', '--profile', 'svix'],
        /--profile is the old name of --provider: give one of them/,
      ],
      [
        ['--url', endpoint.url, '--name', 'x', '--provider', 'logto', '--secret', 'too-short'],
        /--secret: A Logto signing key is 32 letters and digits/,
      ],
      [
        ['--url', endpoint.url, '--name', 'x', '--events', 'user.created,made.up'],
        /--events: Unknown event "made\.up" for standard-webhooks/,
      ],
      [['--url', endpoint.url, '--name', 'x', '--events', ' , '], /--events takes a comma-separated list/],
      [['--url', 'localhost:3000', '--name', 'x'], /--url: Enter an http/],
      [['--url', endpoint.url, '--name', '   '], /--name: A name is required/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('subscriptions', 'create', ...args)));
    results.forEach((r, i) => {
      expect(r.status, cases[i]![0].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[i]![1]);
    });
    expect((await cli('subscriptions', 'list', '--json')).stdout).toBe(before);
  });

  it('takes --provider like sign, send, emit and check; --profile still works but is no longer shown', async () => {
    const help = await cli('subscriptions', 'create', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--provider <profile>\s+signing profile: standard-webhooks/);
    expect(help.stdout).toMatch(/^Usage: .*--url URL --name NAME \[--provider P\]/m);
    expect(help.stdout).not.toContain('--profile');

    const old = await cli(
      'subscriptions',
      'create',
      '--url',
      endpoint.url,
      '--name',
      'old',
      '--profile',
      'github',
      '--json',
    );
    expect(old.status, old.stderr).toBe(0);
    const created = JSON.parse(old.stdout) as { subscription: Subscription };
    expect(created.subscription.profile).toBe('github');
    expect((await cli('subscriptions', 'delete', created.subscription.id)).status).toBe(0);
  });

  it('deliveries list prints a readable table, honours --limit and the filter flags', async () => {
    const created = JSON.parse(
      (await cli('subscriptions', 'create', '--url', endpoint.url, '--name', 'log', '--json')).stdout,
    );
    for (const event of ['user.created', 'user.deleted', 'order.created']) {
      const sent = await cli('emit', '--event', event, '--subscription', created.subscription.id, '--wait');
      expect(sent.status, sent.stderr).toBe(0);
    }
    await waitUntil(
      async () =>
        JSON.parse(
          (
            await cli(
              'deliveries',
              'list',
              '--subscription',
              created.subscription.id,
              '--outcome',
              'succeeded',
              '--json',
            )
          ).stdout,
        ).length === 3,
      'three succeeded deliveries',
    );

    const table = await cli('deliveries', 'list', '--subscription', created.subscription.id);
    expect(table.status).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+KIND\s+EVENT\s+OUTCOME\s+STATUS\s+DURATION\s+TRIES\s+ID\s+TARGET$/);
    expect(lines).toHaveLength(4);
    // Newest first.
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+delivery\s+order\.created\s+succeeded\s+204\s+\d+(\.\d)? ms\s+1\s+\S+\s+http:\/\/127\.0\.0\.1/,
    );

    const limited = await cli('deliveries', 'list', '--subscription', created.subscription.id, '--limit', '2');
    expect(limited.stdout.trim().split('\n')).toHaveLength(3);
    expect(limited.stderr).toMatch(/first 2; raise --limit/);
    const oneEvent = JSON.parse((await cli('deliveries', 'list', '--event', 'user.deleted', '--json')).stdout);
    expect(oneEvent).toHaveLength(1);
    expect((await cli('deliveries', 'list', '--event', 'nothing.like.this')).stdout).toMatch(
      /Nothing in the log matches/,
    );
    const badLimit = await cli('deliveries', 'list', '--limit', '0');
    expect(badLimit.status).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be an integer/);
  });
});
