import { describe, expect, it } from 'vitest';
import { canSign, localProblems, type SendForm } from '../../../renderer/src/stores/send-store';
import { defaultCustomHmac } from '../../../renderer/src/components/custom-hmac-editor';

const valid: SendForm = {
  provider: 'standard-webhooks',
  event: 'user.created',
  seed: 1,
  payload: '{"type":"user.created"}',
  target: 'url',
  url: 'http://localhost:3000/hooks',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
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

  it('a URL that is not http(s), saying what to change, only when the target is a URL', () => {
    expect(localProblems({ ...valid, url: 'localhost:3000/webhooks' }).url).toBe(
      'Add the scheme: http://localhost:3000/webhooks',
    );
    expect(localProblems({ ...valid, url: 'ftp://files.example/x' }).url).toBe(
      'ftp:// cannot carry a webhook: use http:// or https://',
    );
    expect(localProblems({ ...valid, url: '' }).url).toMatch(/^Enter the URL/);
    expect(localProblems({ ...valid, url: 'ftp://x', target: 'matching' })).toEqual({});
  });

  it('no secret for an ad-hoc URL: the core would refuse to sign, so the page does not ask', () => {
    expect(canSign(valid)).toBe(true);
    const noSecret = { ...valid, secret: ' ' };
    expect(localProblems(noSecret).secret).toMatch(/secret/);
    expect(canSign(noSecret)).toBe(false);
    expect(localProblems({ ...noSecret, target: 'matching' })).toEqual({});
  });

  it('a missing event or subscription', () => {
    expect(localProblems({ ...valid, event: '' }).event).toBe('Pick an event.');
    expect(localProblems({ ...valid, target: 'subscription' }).subscriptionId).toBe('Pick a subscription.');
  });
});
