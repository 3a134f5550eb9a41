import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs, listEvents, mulberry32, samplePayload, UnknownEventError } from '../../../shared/catalog';
import { profileIds } from '../../../shared/model/signing';

describe('event catalogs', () => {
  it('Fief has exactly its 28 events', () => {
    expect(catalogs.fief).toHaveLength(28);
    expect(new Set(catalogs.fief.map((e) => e.name)).size).toBe(28);
  });

  it('lists the seed events of every provider', () => {
    const names = (p: keyof typeof catalogs) => catalogs[p].map((e) => e.name);
    expect(names('frontegg')).toEqual(
      expect.arrayContaining([
        'frontegg.user.authenticatedWithMFA',
        'frontegg.user.joinedTenantUsingInvitationLink',
        'frontegg.account.security.ip.strategy.changed',
        'frontegg.tenantApiToken.deleted',
      ]),
    );
    expect(catalogs.frontegg).toHaveLength(35);
    expect(names('fusionauth')).toEqual(
      expect.arrayContaining([
        'user.create',
        'jwt.public-key.update',
        'user.two-factor.failed-attempt',
        'group.member.update.complete',
        'entity.delete.complete',
        'test',
      ]),
    );
    expect(names('logto')).toHaveLength(31);
    expect(names('logto')).toEqual(
      expect.arrayContaining([
        'PostSignInAdaptiveMfaTriggered',
        'OrganizationScope.Data.Updated',
        'Grant.LimitExceeded',
      ]),
    );
    for (const p of profileIds) expect(catalogs[p].length, p).toBeGreaterThan(0);
  });

  it('every listed event generates a JSON payload in its provider envelope', () => {
    for (const { provider, name, description } of listEvents()) {
      expect(description.length, `${provider} ${name}`).toBeGreaterThan(5);
      const body = JSON.parse(samplePayload(provider, name, { seed: 7 }).body);
      switch (provider) {
        case 'fief':
          expect(body).toMatchObject({ type: name, data: expect.anything() });
          break;
        case 'logto':
          expect(body).toMatchObject({ hookId: expect.any(String), event: name, createdAt: expect.any(String) });
          break;
        case 'fusionauth':
          expect(body.event).toMatchObject({
            type: name,
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            createInstant: expect.any(Number),
            tenantId: expect.any(String),
            info: expect.any(Object),
          });
          break;
        case 'frontegg':
          expect(body).toMatchObject({ eventKey: name, eventContext: { tenantId: expect.any(String) } });
          break;
        case 'stripe':
          expect(body).toMatchObject({ object: 'event', type: name, data: { object: expect.any(Object) } });
          break;
        case 'github':
          expect(body).toMatchObject({ repository: expect.any(Object), sender: expect.any(Object) });
          break;
        case 'clerk':
          expect(body).toMatchObject({
            type: name,
            object: 'event',
            timestamp: expect.any(Number),
            data: expect.any(Object),
          });
          break;
        case 'workos':
          expect(body).toMatchObject({ id: expect.stringMatching(/^event_01/), event: name, data: expect.any(Object) });
          break;
        case 'okta':
          expect(body).toMatchObject({ eventType: 'com.okta.event_hook', data: { events: [{ eventType: name }] } });
          break;
        case 'auth0':
          expect(body).toEqual([
            { log_id: expect.any(String), data: expect.objectContaining({ type: name }) },
            { log_id: expect.any(String), data: expect.objectContaining({ type: name }) },
          ]);
          break;
        case 'supabase':
          expect(body).toEqual(expect.any(Object));
          break;
        case 'kinde':
          expect(body).toMatchObject({ type: name, event_id: expect.any(String), data: expect.any(Object) });
          break;
        default:
          expect(body).toMatchObject({ type: name, timestamp: expect.any(String), data: expect.any(Object) });
      }
    }
  });

  it('has the documented payload fields for the key events', () => {
    const fief = JSON.parse(samplePayload('fief', 'user.created').body).data;
    expect(Object.keys(fief)).toEqual(
      expect.arrayContaining([
        'id',
        'email',
        'email_verified',
        'is_active',
        'tenant_id',
        'tenant',
        'fields',
        'created_at',
        'updated_at',
      ]),
    );
    expect(Object.keys(fief.tenant).sort()).toEqual([
      'default',
      'id',
      'logo_url',
      'name',
      'registration_allowed',
      'slug',
      'theme_id',
    ]);
    expect(JSON.parse(samplePayload('logto', 'User.Deleted').body).data).toBeNull();
    const fe = JSON.parse(samplePayload('frontegg', 'frontegg.user.created').body).user;
    expect(typeof fe.metadata).toBe('string');
    expect(Object.keys(fe)).toEqual(
      expect.arrayContaining([
        'id',
        'email',
        'verified',
        'name',
        'phoneNumber',
        'profilePictureUrl',
        'provider',
        'mfaEnrolled',
        'tenantIds',
        'tenantId',
        'roles',
        'permissions',
        'createdAt',
        'lastLogin',
        'isLocked',
        'activatedForTenant',
      ]),
    );
  });

  it('is deterministic for a seed and base time, and varies with the seed', () => {
    const a = samplePayload('fusionauth', 'user.create', { seed: 42, baseTime: 1_700_000_000_000 });
    expect(samplePayload('fusionauth', 'user.create', { seed: 42, baseTime: 1_700_000_000_000 })).toEqual(a);
    expect(samplePayload('fusionauth', 'user.create', { seed: 43, baseTime: 1_700_000_000_000 }).body).not.toBe(a.body);
    expect(JSON.parse(a.body).event.createInstant).toBe(1_700_000_000_000);
    expect(samplePayload('stripe', 'invoice.paid').body).toBe(samplePayload('stripe', 'invoice.paid').body);
  });

  it('mulberry32 is seeded and spread over [0, 1)', () => {
    const r = mulberry32(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeGreaterThan(0.45);
    expect(mulberry32(1)()).toBe(xs[0]);
  });

  it('an unknown event names close matches', () => {
    expect(() => samplePayload('fief', 'user.create')).toThrow(UnknownEventError);
    expect(() => samplePayload('fief', 'user.create')).toThrow(/Did you mean "user.created"/);
  });

  it('stays isomorphic: no node: imports or imports from outside shared/', () => {
    const dir = join(__dirname, '../../../shared/catalog');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from '(node:|\.\.\/\.\.\/)/);
    }
  });
});
