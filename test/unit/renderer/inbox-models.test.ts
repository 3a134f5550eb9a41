import { describe, expect, it } from 'vitest';
import { defaultResponseRule, type InboxView } from '../../../shared/model/inbox';
import {
  emptyInboxForm,
  inboxFieldKey,
  inboxFormFrom,
  toCreateInboxInput,
  toUpdateInboxInput,
} from '../../../renderer/src/features/inbox/inbox-form-model';
import { newStep, ruleFieldKey, ruleFormFrom, toRuleInput } from '../../../renderer/src/features/inbox/rule-form-model';

const view: InboxView = {
  id: 'ibx_1',
  name: 'my-app',
  slug: 'my-app',
  port: null,
  bodyCapBytes: 1024,
  verification: {
    profile: 'stripe',
    secrets: ['whsec_…abcd'],
    keys: [],
    custom: null,
    toleranceSeconds: 600,
    rejectInvalid: true,
  },
  responseRule: defaultResponseRule(),
  forwarding: null,
  createdAt: '',
  updatedAt: '',
  url: 'http://127.0.0.1:7781/in/my-app',
  portUrl: null,
};

describe('inbox form', () => {
  it('creates without verification, the slug left to the core', () => {
    const r = toCreateInboxInput({ ...emptyInboxForm(), name: 'my-app' });
    expect(r).toEqual({ input: { name: 'my-app', verification: null }, errors: {} });
  });

  it('refuses what the shared schema refuses, at the right fields, before sending', () => {
    const r = toCreateInboxInput({
      name: '',
      slug: 'My App',
      profile: 'svix',
      secrets: '',
      toleranceSeconds: '5 min',
      rejectInvalid: false,
    });
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['name', 'secrets', 'slug', 'toleranceSeconds']);
  });

  it('round-trips an inbox: masked secrets go back as they are (the core keeps the real ones)', () => {
    const f = inboxFormFrom(view);
    expect(f).toEqual({
      name: 'my-app',
      slug: 'my-app',
      profile: 'stripe',
      secrets: 'whsec_…abcd',
      toleranceSeconds: '600',
      rejectInvalid: true,
    });
    expect(toUpdateInboxInput({ ...f, secrets: `${f.secrets}\n whsec_new \n` }, 'ibx_1').input).toEqual({
      id: 'ibx_1',
      name: 'my-app',
      slug: 'my-app',
      verification: {
        profile: 'stripe',
        secrets: ['whsec_…abcd', 'whsec_new'],
        toleranceSeconds: 600,
        rejectInvalid: true,
      },
    });
  });

  it('maps core paths onto fields', () => {
    expect(inboxFieldKey('verification.secrets.0')).toBe('secrets');
    expect(inboxFieldKey('verification.toleranceSeconds')).toBe('toleranceSeconds');
    expect(inboxFieldKey('port')).toBe('port');
  });
});

describe('response rule form', () => {
  it('round-trips the default rule', () => {
    const r = toRuleInput(ruleFormFrom(defaultResponseRule()), 'ibx_1');
    expect(r.errors).toEqual({});
    expect(r.input).toEqual({ id: 'ibx_1', ...defaultResponseRule() });
  });

  it('builds a sequence, a failure rate in percent and ordered header pairs', () => {
    const f = ruleFormFrom(defaultResponseRule());
    const r = toRuleInput(
      {
        ...f,
        base: { ...f.base, status: '202', headers: 'content-type: application/json\nX-A: 1\nX-A: 2' },
        sequence: [{ ...newStep(), count: '3', fault: 'reset' }],
        failureRatePercent: '12.5',
      },
      'i',
    );
    expect(r.input?.headers).toEqual([
      ['content-type', 'application/json'],
      ['X-A', '1'],
      ['X-A', '2'],
    ]);
    expect(r.input?.sequence?.[0]).toMatchObject({ count: 3, status: 503, fault: 'reset' });
    expect(r.input?.failureRate).toBe(0.125);
  });

  it('reports typed mistakes and the schema’s refusals at their fields, sending nothing', () => {
    const f = ruleFormFrom(defaultResponseRule());
    const r = toRuleInput(
      {
        ...f,
        base: { ...f.base, status: '99', headers: 'Access-Control-Allow-Origin: *' },
        sequence: [{ ...newStep(), count: '0', delayMs: 'x' }],
        failureRatePercent: '150',
      },
      'i',
    );
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual([
      'failureRate',
      'headers',
      'sequence.0.count',
      'sequence.0.delayMs',
      'status',
    ]);
    expect(r.errors.headers).toMatch(/CORS/);
    // the schema's bounds in words, not the validator's ("Too small: expected number to be >=200")
    expect(r.errors.status).toBe('At least 200');
    expect(ruleFieldKey('sequence.1.headers.0.0')).toBe('sequence.1.headers');
  });
});
