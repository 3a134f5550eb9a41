import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../shared/model/check';
import { runCli } from '../../support/run-cli';
import { tempDir } from '../../support/temp';
import { startWebhookServer, type ReceivedRequest, type WebhookServer } from '../../support/webhook-server';

const run = (args: string[]) => runCli(args, { env: { HOOKBENCH_SECRET: '' } });

const secret = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const wh = new Webhook(secret);

/** A receiver done right, with the provider's own library: verify, then 2xx; 401 when verification fails. */
function verifies(req: ReceivedRequest): boolean {
  try {
    wh.verify(req.body.toString('utf8'), req.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

const SIGNATURE_CHECKS = [
  'rejects-tampered-signature',
  'rejects-missing-signature',
  'rejects-altered-body',
  'rejects-other-secret',
  'rejects-stale-timestamp',
  'rejects-future-timestamp',
];

describe('hookbench check against three receivers written here (built binary)', () => {
  const tmp = tempDir('hb-check-');
  let correct: WebhookServer;
  let anything: WebhookServer;
  let slow: WebhookServer;

  beforeAll(async () => {
    correct = await startWebhookServer((req, res) =>
      verifies(req) ? res.writeHead(204).end() : res.writeHead(401).end('bad signature'),
    );
    anything = await startWebhookServer((_req, res) => res.writeHead(200).end('ok'));
    // Verifies correctly, but takes 1.5 s to acknowledge a valid delivery.
    slow = await startWebhookServer((req, res) => {
      if (!verifies(req)) return void res.writeHead(401).end();
      setTimeout(() => res.writeHead(200).end('done'), 1_500);
    });
  });
  afterAll(async () => {
    await Promise.all([correct?.close(), anything?.close(), slow?.close()]);
    tmp.cleanup();
  });

  const check = (url: string, ...extra: string[]) =>
    run(['check', '--provider', 'standard-webhooks', '--secret', secret, '--url', url, ...extra]);

  it('a correct receiver passes every check: exit 0, JUnit XML with no failure', async () => {
    const junit = join(tmp.dir, 'correct.xml');
    const r = await check(correct.url, '--events', 'user.created,invoice.paid', '--junit', junit);
    expect(r.stderr).toBe('');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout.startsWith(`hookbench check: standard-webhooks → ${correct.url}\n`)).toBe(true);
    expect(r.stdout).toMatch(/13 passed, 0 failed, 1 skipped: the receiver passes every required check\./);
    expect(r.stdout).toMatch(/SKIP {2}okta-verification/);
    // 2 events, 6 forged, duplicate 2, out of order 2, unknown 1, rotation 1, burst 10.
    expect(correct.received).toHaveLength(2 + 6 + 2 + 2 + 1 + 1 + 10);
    const dup = correct.received.filter((q) => String(q.headers['webhook-id']).startsWith('msg_dup_'));
    expect(dup).toHaveLength(2);
    expect(dup[0]!.headers['webhook-id']).toBe(dup[1]!.headers['webhook-id']);
    expect(correct.received.some((q) => q.body.includes('"type":"hookbench.unknown_event"'))).toBe(true);
    expect(correct.received.some((q) => String(q.headers['webhook-signature']).split(' ').length === 2)).toBe(true);

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '14', failures: '0', skipped: '1', errors: '0' });
    expect(suite.testcase).toHaveLength(14);
    expect(suite.testcase.filter((c: Record<string, unknown>) => 'failure' in c)).toEqual([]);
  });

  it('a receiver that accepts anything fails each signature check by name: exit 1, JUnit failures', async () => {
    const junit = join(tmp.dir, 'anything.xml');
    const r = await check(anything.url, '--junit', junit, '--burst', '3');
    expect(r.status, r.stdout + r.stderr).toBe(1);
    for (const id of SIGNATURE_CHECKS) expect(r.stdout).toMatch(new RegExp(`FAIL {2}${id}\\b`));
    expect(r.stdout).toContain('Accepted a delivery whose signature was changed (answered 200');
    expect(r.stdout).toContain('fix: Verify "webhook-signature" over the raw body');
    expect(r.stdout).toMatch(new RegExp(`FAILED \\(${SIGNATURE_CHECKS.join(', ')}\\)\\.`));
    expect(r.stdout).toMatch(/PASS {2}accepts-signed/);

    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(junit, 'utf8'));
    const failed = (doc.testsuites.testsuite.testcase as { name: string; failure?: { message: string } }[])
      .filter((c) => c.failure)
      .map((c) => c.name.split(':')[0]);
    expect(failed).toEqual(SIGNATURE_CHECKS);
    expect(doc.testsuites).toMatchObject({ failures: String(SIGNATURE_CHECKS.length) });
  });

  it('a slow receiver fails the timeout check (and the burst), with the time it took; --json is the same scorecard', async () => {
    const r = await check(slow.url, '--timeout', '1000', '--burst', '3', '--json');
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as CheckReport;
    const byId = Object.fromEntries(report.items.map((i) => [i.id, i]));
    expect(report).toMatchObject({ passed: false, timeoutMs: 1000, burstSize: 3, profile: 'standard-webhooks' });
    expect(byId['accepts-signed']!.outcome).toBe('pass');
    expect(byId['answers-in-time']).toMatchObject({ outcome: 'fail', required: true });
    expect(byId['answers-in-time']!.detail).toMatch(
      /took longer than Standard Webhooks's 1 s: .*answered 200 in 1[5-9]\d\d ms/,
    );
    expect(byId['answers-in-time']!.fix).toMatch(/Acknowledge first/);
    expect(byId['burst']!.outcome).toBe('fail');
    for (const id of SIGNATURE_CHECKS) expect(byId[id]!.outcome, id).toBe('pass');
    // Evidence: what was sent and what came back.
    const x = byId['rejects-other-secret']!.exchanges[0]!;
    expect(x).toMatchObject({ method: 'POST', status: 401, label: 'signed with another secret' });
    expect(x.headers.map(([n]) => n)).toEqual(expect.arrayContaining(['webhook-id', 'webhook-signature']));
  });

  it('usage errors exit 2 and name the flag', async () => {
    const none = await run(['check']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/Say what to check: --provider P --secret S --url URL, or --subscription ID/);
    const both = await run(['check', '--subscription', 's1', '--url', 'http://127.0.0.1:1/']);
    expect(both.status).toBe(2);
    const badUrl = await check('ftp://example.test/x');
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toMatch(/--url: Enter an http:\/\/ or https:\/\/ URL/);
    const badEvent = await check(correct.url, '--events', 'user.create');
    expect(badEvent.status).toBe(2);
    expect(badEvent.stderr).toMatch(/--events: Unknown event "user.create"/);
    const noSecret = await run(['check', '--provider', 'logto', '--url', correct.url]);
    expect(noSecret.status).toBe(2);
    expect(noSecret.stderr).toMatch(/--url needs the secret|--secret/);
    const badSecret = await run([
      'check',
      '--provider',
      'standard-webhooks',
      '--secret',
      'whsec_***',
      '--url',
      correct.url,
    ]);
    expect(badSecret.status).toBe(2);
    expect(badSecret.stderr).toMatch(/--secret: Secret is not valid base64/);
    const badProvider = await run(['check', '--provider', 'nope', '--secret', 'x', '--url', correct.url]);
    expect(badProvider.status).toBe(2);
    expect(badProvider.stderr).toMatch(/--provider/);
    expect(correct.received.length).toBe(24);
  });
});
