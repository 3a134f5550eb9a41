import { describe, expect, it } from 'vitest';
import { localProblems, type SendForm } from '../../../renderer/src/stores/send-store';
import { defaultCustomHmac } from '../../../renderer/src/components/custom-hmac-editor';

const valid: SendForm = {
  provider: 'standard-webhooks',
  event: 'user.created',
  seed: 1,
  payload: '{"type":"user.created"}',
  target: 'url',
  url: 'http://localhost:3000/hooks',
  secret: '',
  subscriptionId: '',
  custom: defaultCustomHmac,
  negative: {},
};

describe('what blocks Send and Copy as curl before the core is asked', () => {
  it('nothing, for a complete form', () => {
    expect(localProblems(valid)).toEqual({});
  });

  it("invalid or empty JSON, with the parser's reason", () => {
    expect(localProblems({ ...valid, payload: '{"a":1,}' }).payload).toMatch(/JSON|property|Expected/i);
    expect(localProblems({ ...valid, payload: '  ' }).payload).toBe('The body is empty.');
  });

  it('a URL that is not http(s), only when the target is a URL', () => {
    expect(localProblems({ ...valid, url: 'localhost:3000' }).url).toMatch(/http:\/\//);
    expect(localProblems({ ...valid, url: 'ftp://x', target: 'matching' })).toEqual({});
  });

  it('a missing event or subscription', () => {
    expect(localProblems({ ...valid, event: '' }).event).toBe('Pick an event.');
    expect(localProblems({ ...valid, target: 'subscription' }).subscriptionId).toBe('Pick a subscription.');
  });
});
