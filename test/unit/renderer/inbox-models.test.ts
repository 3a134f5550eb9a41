import { describe, expect, it } from 'vitest';
import { defaultResponseRule, type InboxView } from '../../../shared/model/inbox';
import { CREDENTIAL_MASK } from '../../../shared/security/credential-headers';
import { secretProblem } from '../../../shared/validate/secret-format';
import {
  emptyInboxForm,
  inboxFieldKey,
  inboxFormFrom,
  secretsFieldError,
  toCreateInboxInput,
  toUpdateInboxInput,
} from '../../../renderer/src/features/inbox/inbox-form-model';
import { newStep, ruleFieldKey, ruleFormFrom, toRuleInput } from '../../../renderer/src/features/inbox/rule-form-model';

/** As the core shows a stored secret: the mask and its last 4 characters. */
const MASKED = `${CREDENTIAL_MASK}abcd`;
const STRIPE_SECRET = 'whsec_0123456789abcdefXYZ';

const view: InboxView = {
  id: 'ibx_1',
  name: 'my-app',
  slug: 'my-app',
  port: null,
  bodyCapBytes: 1024,
  verification: {
    profile: 'stripe',
    secrets: [MASKED],
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
      secrets: MASKED,
      toleranceSeconds: '600',
      rejectInvalid: true,
    });
    expect(toUpdateInboxInput({ ...f, secrets: `${f.secrets}\n ${STRIPE_SECRET} \n` }, 'ibx_1').input).toEqual({
      id: 'ibx_1',
      name: 'my-app',
      slug: 'my-app',
      verification: {
        profile: 'stripe',
        secrets: [MASKED, STRIPE_SECRET],
        toleranceSeconds: 600,
        rejectInvalid: true,
      },
    });
  });

  it("says a typed secret cannot work for the profile, in the core's words, before sending", () => {
    const f = { ...emptyInboxForm(), name: 'my-app', profile: 'svix' as const };
    const bad = 'whsec_c2hvcnQ=';
    expect(secretsFieldError({ ...f, secrets: bad })).toBe(secretProblem('svix', bad));
    expect(toCreateInboxInput({ ...f, secrets: bad })).toEqual({
      input: null,
      errors: { secrets: secretProblem('svix', bad) },
    });
    // beside a tolerance the schema cannot type (which stops its own secret check)
    expect(toCreateInboxInput({ ...f, secrets: bad, toleranceSeconds: '5 min' }).errors).toEqual({
      secrets: secretProblem('svix', bad),
      toleranceSeconds: expect.stringMatching(/^Whole seconds/),
    });
    // several secrets: the line is named; masked lines are the core's and not judged here
    expect(secretsFieldError({ ...f, secrets: `${MASKED}\n\n${bad}` })).toBe(`Line 3: ${secretProblem('svix', bad)}`);
    expect(secretsFieldError({ ...f, secrets: MASKED })).toBeNull();
    // the same text is fine for a profile that takes any secret, and nothing is judged without verification
    expect(secretsFieldError({ ...f, profile: 'github', secrets: bad })).toBeNull();
    expect(secretsFieldError({ ...f, profile: 'none', secrets: bad })).toBeNull();
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
