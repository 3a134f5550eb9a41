import { describe, expect, it } from 'vitest';
import { defaultResponseRule, type Inbox } from '../../../shared/model/inbox';
import { fromRecord, mergeSecrets, slugify, toRecord } from '../../../electron/core/receiver/inbox-record';
import { maskSecret } from '../../../electron/core/mask-secret';
import { forwardHeaders, forwardUrl } from '../../../electron/core/receiver/forwarder';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('inbox records', () => {
  it('keeps secrets at the top level (where the settings repo seals them) and round-trips', () => {
    const inbox: Inbox = {
      id: 'inb_1',
      name: 'x',
      slug: 'x',
      port: null,
      bodyCapBytes: 10,
      createdAt: 'a',
      updatedAt: 'b',
      forwarding: null,
      responseRule: defaultResponseRule(),
      verification: {
        profile: 'svix',
        secrets: [secret],
        keys: [],
        custom: null,
        toleranceSeconds: null,
        rejectInvalid: false,
      },
    };
    const record = toRecord(inbox);
    expect(record.secrets).toEqual([secret]);
    expect(JSON.stringify(record.verification)).not.toContain('whsec_');
    expect(fromRecord(record)).toEqual(inbox);
  });

  it('fills defaults for a sparse record instead of failing', () => {
    expect(fromRecord({ id: 'inb_2' })).toMatchObject({
      name: 'inb_2',
      slug: 'inb_2',
      port: null,
      verification: null,
      bodyCapBytes: 10 * 1024 * 1024,
      responseRule: { status: 200, body: '{}' },
    });
  });

  it('masks secrets and keeps a masked secret sent back unchanged', () => {
    const masked = maskSecret(secret);
    expect(masked).toBe('whsec_••••••LaSw');
    expect(maskSecret('short')).toBe('••••••');
    expect(mergeSecrets([masked, 'new-secret'], [secret])).toEqual([secret, 'new-secret']);
  });

  it('derives slugs from names', () => {
    expect(slugify('Local FusionAuth (Docker)')).toBe('local-fusionauth-docker');
    expect(slugify('Éclair')).toBe('eclair');
    expect(slugify('!!!')).toBe('inbox');
  });
});

describe('forwarding helpers', () => {
  it('appends the capture sub-path and query to the target', () => {
    expect(forwardUrl('http://localhost:3000/hooks', '/a/b', 'x=1')).toBe('http://localhost:3000/hooks/a/b?x=1');
    expect(forwardUrl('http://localhost:3000/hooks/?k=v', '', 'x=1')).toBe('http://localhost:3000/hooks/?k=v&x=1');
    expect(forwardUrl('http://localhost:3000', '', '')).toBe('http://localhost:3000/');
  });

  it('keeps the forwarded path inside its base, whatever the dot segments look like', () => {
    const base = 'http://localhost:3000/hooks';
    for (const sub of ['/%2e%2e/%2e%2e/admin', '/../../admin', '/.%2E/admin', '/%2E./admin', '/a/../../../admin']) {
      expect(forwardUrl(base, sub, ''), sub).toBe('http://localhost:3000/hooks/admin');
    }
    expect(forwardUrl(base, '/..\\..\\admin', '')).toBe('http://localhost:3000/hooks/admin');
    expect(forwardUrl(base, '/a/./b/', 'q=1')).toBe('http://localhost:3000/hooks/a/b/?q=1');
    expect(forwardUrl('http://localhost:3000', '/%2e%2e/x', '')).toBe('http://localhost:3000/x');
  });

  it('never forwards cookies or Proxy-* headers, and credentials only when asked', () => {
    const given: [string, string][] = [
      ['Authorization', 'Basic dTpw'],
      ['Cookie', 'sid=1'],
      ['Proxy-Authorization', 'x'],
      ['Proxy-Foo', 'y'],
      ['X-Api-Key', 'k'],
      ['Webhook-Id', 'm'],
    ];
    expect(forwardHeaders(given)).toEqual([['Webhook-Id', 'm']]);
    expect(forwardHeaders(given, { credentials: true })).toEqual([
      ['Authorization', 'Basic dTpw'],
      ['X-Api-Key', 'k'],
      ['Webhook-Id', 'm'],
    ]);
  });

  it('drops hop-by-hop headers, including those named in Connection, and keeps the rest in order', () => {
    const out = forwardHeaders([
      ['Host', 'a'],
      ['Connection', 'keep-alive, X-Private'],
      ['X-Private', '1'],
      ['Webhook-Id', 'm'],
      ['Transfer-Encoding', 'chunked'],
      ['webhook-signature', 's'],
      ['Content-Length', '2'],
    ]);
    expect(out).toEqual([
      ['Webhook-Id', 'm'],
      ['webhook-signature', 's'],
    ]);
  });
});
