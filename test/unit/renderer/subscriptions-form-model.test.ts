import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../../shared/model/subscription';
import { secretProblem } from '../../../shared/validate/secret-format';
import {
  emptyForm,
  fieldKeyOf,
  formFromSubscription,
  mapFieldErrors,
  parseHeaderLines,
  secretFieldError,
  toCreateInput,
  toUpdateInput,
} from '../../../renderer/src/features/subscriptions/subscription-form-model';

const base = { ...emptyForm(), name: 'app', url: 'http://localhost:3000/hooks' };

const stored: Subscription = {
  id: 'sub_1',
  name: 'app',
  description: '',
  url: 'http://localhost:3000/hooks',
  enabled: true,
  disabledReason: null,
  events: ['user.created'],
  tenantIds: [],
  global: false,
  applicationIds: [],
  headers: { 'X-Env': 'dev' },
  basicAuth: { username: 'ada', hasPassword: true },
  connectTimeoutMs: 2000,
  readTimeoutMs: 5000,
  caCertificatePem: null,
  profile: 'fief',
  custom: null,
  fusionAuthKey: null,
  secretHint: '••••abcd',
  retry: { mode: 'custom', delaysMs: [10_000, 60_000], maxAttempts: 3, jitter: 0.2 },
  transactionPolicy: 'None',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('subscription form → create input', () => {
  it('builds a minimal input: all events, profile retries, no timeouts (core defaults)', () => {
    const r = toCreateInput(base);
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({
      name: 'app',
      url: 'http://localhost:3000/hooks',
      events: 'all',
      retry: { mode: 'profile' },
      basicAuth: null,
      caCertificatePem: null,
      custom: null,
    });
    expect(r.input).not.toHaveProperty('connectTimeoutMs');
    expect(r.input).not.toHaveProperty('secret');
  });

  it('reports every problem at its field with the shared schema, and returns nothing to send', () => {
    const r = toCreateInput({
      ...base,
      name: ' ',
      url: 'localhost:3000',
      connectTimeoutMs: '50',
      readTimeoutMs: 'soon',
      headers: 'X-Ok: 1\nbroken',
      allEvents: false,
      events: [],
    });
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual([
      'connectTimeoutMs',
      'events',
      'headers',
      'name',
      'readTimeoutMs',
      'url',
    ]);
    expect(r.errors.connectTimeoutMs).toBe('At least 100 ms');
    expect(r.errors.readTimeoutMs).toBe('Milliseconds, e.g. 10000');
    expect(r.errors.headers).toBe('Line 2: write "Name: value"');
  });

  it('checks events against the chosen profile catalog', () => {
    const r = toCreateInput({ ...base, profile: 'fief', allEvents: false, events: ['user.created', 'no.such'] });
    expect(r.errors).toEqual({ events: 'Unknown event "no.such" for fief' });
  });

  it('converts a custom retry schedule from seconds and needs custom-hmac settings only for that profile', () => {
    const r = toCreateInput({
      ...base,
      retryMode: 'custom',
      retryDelaysSeconds: '10, 60 300',
      retryMaxAttempts: '4',
      retryJitter: '0.1',
      profile: 'custom-hmac',
      customTemplate: '{timestamp}.{body}',
      customTimestampHeader: 'X-Ts',
    });
    expect(r.input?.retry).toEqual({
      mode: 'custom',
      delaysMs: [10_000, 60_000, 300_000],
      maxAttempts: 4,
      jitter: 0.1,
    });
    expect(r.input?.custom).toEqual({
      header: 'X-Signature',
      prefix: 'sha256=',
      algorithm: 'sha256',
      encoding: 'hex',
      template: '{timestamp}.{body}',
      timestampHeader: 'X-Ts',
    });
    expect(toCreateInput({ ...base, retryMode: 'custom', retryDelaysSeconds: '10, x' }).errors).toMatchObject({
      retryDelaysSeconds: expect.stringMatching(/^Seconds/),
      retryMaxAttempts: expect.any(String),
    });
  });

  it("refuses a typed secret that cannot work for the profile, in the core's words, even beside other errors", () => {
    const problem = secretProblem('standard-webhooks', 'whsec_bad!!');
    expect(problem).toMatch(/not valid base64/);
    expect(secretFieldError({ ...base, secret: ' whsec_bad!! ' })).toBe(problem);
    expect(toCreateInput({ ...base, secret: 'whsec_bad!!' })).toEqual({
      kind: 'create',
      input: null,
      errors: { secret: problem },
    });
    // a field the schema cannot even type (a NaN timeout) stops its object-level checks; the form still says it
    expect(toCreateInput({ ...base, connectTimeoutMs: 'fast', secret: 'whsec_bad!!' }).errors).toEqual({
      connectTimeoutMs: 'Milliseconds, e.g. 5000',
      secret: problem,
    });
    expect(secretFieldError({ ...base, profile: 'github', secret: 'whsec_bad!!' })).toBeNull();
    expect(secretFieldError({ ...base, secret: '  ' })).toBeNull();
  });

  it('asks FusionAuth for a key algorithm unless a secret is given', () => {
    expect(toCreateInput({ ...base, profile: 'fusionauth', fusionAuthAlg: 'RS256' }).input).toMatchObject({
      fusionAuthAlg: 'RS256',
    });
    expect(toCreateInput({ ...base, profile: 'fusionauth', secret: 'shh-its-a-secret' }).input).not.toHaveProperty(
      'fusionAuthAlg',
    );
  });
});

describe('subscription form ↔ stored subscription', () => {
  it('round-trips through the edit form; an untouched basic auth keeps its stored password', () => {
    const f = formFromSubscription(stored);
    expect(f).toMatchObject({
      headers: 'X-Env: dev',
      retryDelaysSeconds: '10, 60',
      retryMaxAttempts: '3',
      connectTimeoutMs: '2000',
      username: 'ada',
      password: '',
    });
    const r = toUpdateInput(f, stored);
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({
      id: 'sub_1',
      events: ['user.created'],
      headers: { 'X-Env': 'dev' },
      connectTimeoutMs: 2000,
      retry: stored.retry,
    });
    expect(r.input).not.toHaveProperty('basicAuth');
  });

  it('sends basic auth when it changes, clears it when unticked, and wants the password again for a new username', () => {
    const f = formFromSubscription(stored);
    expect(toUpdateInput({ ...f, password: 'new' }, stored).input?.basicAuth).toEqual({
      username: 'ada',
      password: 'new',
    });
    expect(toUpdateInput({ ...f, basicAuth: false }, stored).input?.basicAuth).toBeNull();
    expect(toUpdateInput({ ...f, username: 'bob' }, stored).errors).toEqual({
      password: 'Enter the password again when changing the username',
    });
  });
});

describe('field errors from the core', () => {
  it('maps dotted paths onto the form fields', () => {
    expect(fieldKeyOf('events.2')).toBe('events');
    expect(fieldKeyOf('custom.template')).toBe('customTemplate');
    expect(fieldKeyOf('retry.delaysMs.0')).toBe('retryDelaysSeconds');
    expect(fieldKeyOf('basicAuth.username')).toBe('username');
    expect(mapFieldErrors({ profile: ['Cannot switch'], 'events.0': ['a', 'b'] })).toEqual({
      profile: 'Cannot switch',
      events: 'a; b',
    });
  });

  it('reads header lines, ignoring blanks and keeping colons in values', () => {
    expect(parseHeaderLines('\nX-Url: http://a:1/\n  \nX-B:2')).toEqual({
      headers: { 'X-Url': 'http://a:1/', 'X-B': '2' },
      error: null,
    });
  });
});
