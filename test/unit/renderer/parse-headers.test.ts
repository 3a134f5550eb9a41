import { describe, expect, it } from 'vitest';
import { parseHeaders, parseNow, parseSecrets } from '../../../renderer/src/features/verify/parse-headers';

describe('parseHeaders', () => {
  it('reads Name: value lines, keeping colons and inner spaces in values', () => {
    const r = parseHeaders(
      'webhook-id: msg_1\nwebhook-timestamp:  1767225600 \r\nwebhook-signature: v1,abc= v1,def=\nX-Url: http://a:1/b',
    );
    expect(r.errors).toEqual([]);
    expect(r.headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1767225600',
      'webhook-signature': 'v1,abc= v1,def=',
      'X-Url': 'http://a:1/b',
    });
  });

  it('skips blank lines, the request line, a status line and a curl prefix; unwraps -H quotes', () => {
    const r = parseHeaders(
      `POST /hooks HTTP/1.1\n\ncurl -X POST http://x \\\n  -H 'Stripe-Signature: t=1,v1=ab' \\\n  --header "Content-Type: application/json"\nHTTP/1.1 200 OK`,
    );
    expect(r.errors).toEqual([]);
    expect(r.headers).toEqual({ 'Stripe-Signature': 't=1,v1=ab', 'Content-Type': 'application/json' });
  });

  it('merges repeated names case-insensitively into an array under the first spelling', () => {
    expect(parseHeaders('X-Sig: a\nx-sig: b\nX-SIG: c').headers).toEqual({ 'X-Sig': ['a', 'b', 'c'] });
  });

  it('names the line that is not a header', () => {
    const r = parseHeaders('x-a: 1\nnot a header\nbad name: 2');
    expect(r.errors).toEqual([
      'Line 2: expected "Name: value", got "not a header".',
      'Line 3: "bad name" is not a valid header name.',
    ]);
    expect(r.headers).toEqual({ 'x-a': '1' });
  });

  it('accepts a JSON object with string, number or string-array values', () => {
    const r = parseHeaders('{"webhook-id":"msg_1","webhook-timestamp":1767225600,"x-multi":["a","b"]}');
    expect(r).toEqual({
      headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': '1767225600', 'x-multi': ['a', 'b'] },
      errors: [],
    });
  });

  it('explains JSON that does not parse or is not an object of strings', () => {
    expect(parseHeaders('{"a": }').errors[0]).toMatch(/^The headers look like JSON but do not parse/);
    expect(parseHeaders('{"a": {"b": 1}}').errors).toEqual([
      'The value of "a" must be a string or an array of strings.',
    ]);
  });

  it('returns nothing (and no error) for empty text', () => {
    expect(parseHeaders('  \n ')).toEqual({ headers: {}, errors: [] });
  });
});

describe('parseSecrets', () => {
  it('takes one secret per line and drops blank lines', () => {
    expect(parseSecrets(' whsec_a \n\nwhsec_b\r\n')).toEqual(['whsec_a', 'whsec_b']);
  });
});

describe('parseNow', () => {
  it('accepts Unix seconds, milliseconds and ISO date-times; empty means the clock', () => {
    expect(parseNow('')).toEqual({});
    expect(parseNow('1767225600')).toEqual({ value: 1767225600 });
    expect(parseNow('1767225600123')).toEqual({ value: 1767225600 });
    expect(parseNow('2026-01-01T00:00:00Z')).toEqual({ value: 1767225600 });
  });

  it('refuses anything else with an example', () => {
    expect(parseNow('yesterday').error).toMatch(/Unix seconds/);
  });
});
