import { describe, expect, it } from 'vitest';
import { sparkBars, sparkSummary } from '../../../renderer/src/features/subscriptions/sparkline-geometry';
import { isPrivateHost, urlAdvice } from '../../../renderer/src/features/subscriptions/url-advice';

describe('urlAdvice', () => {
  it('warns when Logto would refuse plain http and could not reach localhost', () => {
    expect(urlAdvice('logto', 'http://127.0.0.1:3000/hooks')).toMatch(
      /real Logto only accepts https:\/\/ endpoints and cannot reach 127\.0\.0\.1/,
    );
    expect(urlAdvice('logto', 'https://hooks.example.com/logto')).toBeNull();
  });

  it('says nothing for self-hosted profiles, unparsable URLs, or public endpoints', () => {
    expect(urlAdvice('fusionauth', 'http://localhost:3000')).toBeNull();
    expect(urlAdvice('standard-webhooks', 'http://localhost:3000')).toBeNull();
    expect(urlAdvice('stripe', 'not a url')).toBeNull();
    expect(urlAdvice('github', 'http://hooks.example.com/gh')).toBeNull();
    expect(urlAdvice('github', 'http://192.168.1.20/gh')).toMatch(/cannot reach 192\.168\.1\.20/);
  });

  it('knows private and local hosts', () => {
    for (const h of [
      'localhost',
      'app.localhost',
      '10.1.2.3',
      '172.20.0.1',
      '[::1]',
      'fd12:3456::1',
      'devbox',
      'printer.local',
    ])
      expect(isPrivateHost(h), h).toBe(true);
    for (const h of ['example.com', '8.8.8.8', '172.32.0.1']) expect(isPrivateHost(h), h).toBe(false);
  });
});

describe('sparkline', () => {
  const hour = (i: number, succeeded: number, failed: number) => ({
    hour: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
    succeeded,
    failed,
  });

  it('scales to the busiest hour and stacks failures on top; quiet hours draw nothing', () => {
    const { bars, barWidth } = sparkBars([hour(0, 0, 0), hour(1, 3, 1), hour(2, 2, 0)], 30, 20);
    expect(barWidth).toBe(9);
    expect(bars[0]).toEqual({ x: 0, okHeight: 0, failHeight: 0 });
    expect(bars[1]).toEqual({ x: 10, okHeight: 15, failHeight: 5 });
    expect(bars[2]).toEqual({ x: 20, okHeight: 10, failHeight: 0 });
  });

  it('keeps a lone request visible next to a busy hour', () => {
    const { bars } = sparkBars([hour(0, 1000, 0), hour(1, 1, 0)], 20, 20);
    expect(bars[1]!.okHeight).toBe(1);
  });

  it('says it in words', () => {
    expect(sparkSummary([hour(0, 0, 0)])).toBe('No deliveries in the last 24 hours');
    expect(sparkSummary([hour(0, 2, 1), hour(1, 0, 0)])).toMatch(
      /^Last 24 hours: 2 succeeded, 1 failed; busiest hour from /,
    );
  });
});
