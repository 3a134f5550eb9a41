import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkDefinitions, toJunitXml } from '../../../electron/core/check';
import { maskCredentials, tamperSignatureValue, withUnknownEventType } from '../../../electron/core/check/mutations';
import { p95 } from '../../../electron/core/check/verdicts';
import { catalogs, samplePayload } from '../../../shared/catalog';
import { checkIds, type CheckReport } from '../../../shared/model/check';
import { profileIds } from '../../../shared/model/signing';

describe('check building blocks', () => {
  it('defines every check id once, in the order the scorecard shows', () => {
    expect(checkDefinitions.map((d) => d.id)).toEqual([...checkIds]);
  });

  it('changes one signature character and keeps the header well formed', () => {
    const cases = [
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      't=1700000000000, v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      'eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA',
    ];
    for (const value of cases) {
      const t = tamperSignatureValue(value);
      expect(t).not.toBe(value);
      expect(t.length).toBe(value.length);
      const diff = [...t].filter((c, i) => c !== value[i]).length;
      expect(diff, value).toBe(1);
    }
    expect(tamperSignatureValue(cases[1]!).startsWith('t=1700000000,v1=')).toBe(true);
    const jwt = tamperSignatureValue(cases[4]!).split('.');
    expect(jwt.slice(0, 2)).toEqual(['eyJhbGciOiJIUzI1NiJ9', 'eyJhIjoxfQ']);
  });

  it('puts an unknown event type where each provider names the event', () => {
    for (const p of profileIds) {
      const sample = JSON.parse(samplePayload(p, catalogs[p][0]!.name).body);
      const changed = withUnknownEventType(p, sample);
      if (p === 'supabase') expect(changed).toBeNull();
      else if (p !== 'github') expect(JSON.stringify(changed), p).toMatch(/unknown_event|UnknownEvent|hb_unknown/i);
    }
  });

  it('masks the Authorization value, keeping its scheme word', () => {
    expect(
      maskCredentials([
        ['Authorization', 'Bearer abc.def'],
        ['authorization', 'okta-secret'],
        ['webhook-id', 'msg_1'],
      ]),
    ).toEqual([
      ['Authorization', 'Bearer ••••••'],
      ['authorization', '••••••'],
      ['webhook-id', 'msg_1'],
    ]);
  });

  it('p95 by nearest rank', () => {
    expect(p95([])).toBe(0);
    expect(p95([5])).toBe(5);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
  });

  it('JUnit XML escapes what receivers answer and stays well formed', () => {
    const report: CheckReport = {
      profile: 'logto',
      url: 'http://127.0.0.1:1/?a=1&b="2"',
      subscriptionId: null,
      events: ['PostRegister'],
      timeoutMs: 10_000,
      burstSize: 1,
      startedAt: '2024-05-01T12:00:00.000Z',
      durationMs: 12,
      passed: false,
      counts: { pass: 0, fail: 1, skip: 1 },
      items: [
        {
          id: 'accepts-signed',
          title: 'Accepts <signed> & "quoted"',
          required: true,
          outcome: 'fail',
          detail: 'answered 500 — "<html>\u0001oops</html>"',
          fix: 'Answer 2xx & move on',
          exchanges: [
            {
              label: 'PostRegister',
              method: 'POST',
              url: 'http://127.0.0.1:1/?a=1&b=2',
              headers: [],
              bodyBytes: 2,
              bodyPreview: '{}',
              status: 500,
              durationMs: 3,
              error: null,
              responsePreview: '<html>',
            },
          ],
        },
        { id: 'burst', title: 'Burst', required: true, outcome: 'skip', detail: "n/a's", fix: null, exchanges: [] },
      ],
    };
    const xml = toJunitXml(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const [failed, skipped] = doc.testsuites.testsuite.testcase;
    expect(failed.name).toBe('accepts-signed: Accepts <signed> & "quoted"');
    expect(failed.failure.message).toBe('answered 500 — "<html>oops</html>"');
    expect(skipped.skipped.message).toBe("n/a's");
  });
});
