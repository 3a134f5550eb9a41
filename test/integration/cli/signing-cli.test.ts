import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath } from '../../support/headless-process';
import { tempDir } from '../../support/temp';

const run = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, [binPath, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...(input !== undefined ? { input } : {}),
  });
const tmp = tempDir('hb-cli-signing-');
afterAll(() => tmp.cleanup());
const file = (name: string, content: string | Buffer) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
};

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"test": 2432232314}';

describe('hookbench sign / verify / events / payload (built binary)', () => {
  it('sign reproduces the official Standard Webhooks vector from stdin, and the oracle accepts it', () => {
    const r = run(
      [
        'sign',
        '--provider',
        'standard-webhooks',
        '--secret',
        secret,
        '--id',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '--timestamp',
        '1614265330',
        '--body',
        '-',
      ],
      body,
    );
    expect(r.status, r.stderr).toBe(0);
    const headers = JSON.parse(r.stdout);
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const now = Math.floor(Date.now() / 1000);
    const fresh = JSON.parse(
      run([
        'sign',
        '--provider',
        'standard-webhooks',
        '--secret',
        secret,
        '--timestamp',
        String(now),
        '--body',
        file('b.json', body),
      ]).stdout,
    );
    expect(new Webhook(secret).verify(body, fresh)).toEqual(JSON.parse(body));
  });

  it('verify exits 0 when valid, 1 with the explanation when not, and --json prints the result', () => {
    const stripeSecret = 'whsec_clitest';
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload: body,
      secret: stripeSecret,
      timestamp: 1_700_000_000,
    });
    const headers = file('stripe-headers.json', JSON.stringify({ 'Stripe-Signature': header }));
    const verify = (bodyFile: string, ...more: string[]) =>
      run([
        'verify',
        '--provider',
        'stripe',
        '--secret',
        stripeSecret,
        '--headers',
        headers,
        '--body',
        bodyFile,
        '--now',
        '1700000010',
        ...more,
      ]);
    const ok = verify(file('s.json', body));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^VALID \(stripe\)/);
    const pretty = file('pretty.json', JSON.stringify(JSON.parse(body), null, 2));
    const bad = verify(pretty);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/INVALID \(stripe\): Invalid at step "signature"/);
    expect(bad.stdout).toContain('[body-reserialized]');
    expect(bad.stdout).not.toContain(stripeSecret);
    const json = verify(pretty, '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      failedStep: 'signature',
      hints: [{ code: 'body-reserialized' }],
    });
  });

  it.each([
    [
      'unknown provider',
      ['sign', '--provider', 'stripey', '--secret', 'x', '--body', '-'],
      /Unknown provider "stripey"/,
    ],
    ['empty secret', ['sign', '--provider', 'fief', '--secret', '', '--body', '-'], /secret is empty/],
    [
      'malformed whsec_',
      ['sign', '--provider', 'svix', '--secret', 'whsec_short', '--body', '-'],
      /not valid base64|decodes to/,
    ],
    ['missing --provider', ['sign', '--secret', 'x', '--body', '-'], /required option '--provider <profile>'/],
  ])('bad arguments exit 2: %s', (_label, args, message) => {
    const r = run(args as string[], '{}');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('a non-JSON headers file and a binary body exit 2 with a usage line', () => {
    const notJson = run([
      'verify',
      '--provider',
      'github',
      '--secret',
      's',
      '--headers',
      file('h.txt', 'X-Hub-Signature-256: sha256=ab'),
      '--body',
      file('g.json', '{}'),
    ]);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/headers file ".*h.txt" is not JSON/);
    expect(notJson.stderr).toMatch(/Usage: hookbench verify --provider P --secret S --headers FILE --body FILE/);
    const binary = file('bin.dat', Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    const bin = run(['sign', '--provider', 'github', '--secret', 's', '--body', binary]);
    expect(bin.status).toBe(2);
    expect(bin.stderr).toMatch(/not UTF-8 text.*--binary/);
    expect(run(['sign', '--provider', 'github', '--secret', 's', '--body', binary, '--binary']).status).toBe(0);
  });

  it('events lists catalogs and payload prints a deterministic sample that signs and verifies', () => {
    const events = run(['events', '--provider', 'fief', '--json']);
    expect(events.status).toBe(0);
    expect(JSON.parse(events.stdout)).toHaveLength(28);
    expect(run(['events']).stdout).toMatch(/^logto\s+PostRegister/m);
    const a = run(['payload', '--provider', 'logto', '--event', 'User.Created', '--seed', '9']);
    expect(a.status).toBe(0);
    expect(run(['payload', '--provider', 'logto', '--event', 'User.Created', '--seed', '9']).stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout)).toMatchObject({ event: 'User.Created' });
    const out = join(tmp.dir, 'payload.json');
    expect(run(['payload', '--provider', 'logto', '--event', 'User.Created', '--seed', '9', '--out', out]).status).toBe(
      0,
    );
    const headers = file(
      'logto-headers.json',
      run(['sign', '--provider', 'logto', '--secret', 'k'.repeat(32), '--body', out]).stdout,
    );
    expect(
      run(['verify', '--provider', 'logto', '--secret', 'k'.repeat(32), '--headers', headers, '--body', out]).status,
    ).toBe(0);
    const unknown = run(['payload', '--provider', 'logto', '--event', 'User.Create']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Did you mean "User.Created"/);
  });
});
