import { describe, expect, it } from 'vitest';
import { base64ToBytes, hexDump, prettyJson } from '../../../renderer/src/components/exchange/body-format';
import {
  formatDuration,
  formatIn,
  formatTime,
  outcomeLabel,
} from '../../../renderer/src/components/exchange/exchange-format';

describe('hex dump', () => {
  it('shows offset, two groups of hex and printable ASCII', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('Hello, world!\n'), 0, 255, 0x7f]);
    const { text, shown } = hexDump(bytes);
    expect(shown).toBe(17);
    const [first, second] = text.split('\n');
    expect(first).toBe('00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  |Hello, world!...|');
    expect(second).toMatch(/^00000010 {2}7f {2}/);
    expect(second).toMatch(/\|\.\|$/);
  });

  it('decodes base64 from the core and stops at the limit', () => {
    const bytes = base64ToBytes(Buffer.from([1, 2, 3, 250]).toString('base64'));
    expect([...bytes]).toEqual([1, 2, 3, 250]);
    expect(hexDump(new Uint8Array(100), 32).text.split('\n')).toHaveLength(2);
    // one limit for every body: 64 KiB
    expect(hexDump(new Uint8Array(100 * 1024)).shown).toBe(64 * 1024);
  });
});

describe('pretty JSON', () => {
  it('re-indents JSON and leaves anything else alone', () => {
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('a=1&b=2')).toBeNull();
    expect(prettyJson('{"broken":')).toBeNull();
    expect(prettyJson(null)).toBeNull();
  });
});

describe('formats shared by every view', () => {
  it('24-hour times everywhere, the date only when not today', () => {
    const now = new Date(2026, 4, 2, 15, 0, 0);
    expect(formatTime(new Date(2026, 4, 2, 14, 5, 9, 42).toISOString(), { now })).toBe('14:05:09.042');
    expect(formatTime(new Date(2026, 4, 2, 14, 5, 9).toISOString(), { now, ms: false })).toBe('14:05:09');
    expect(formatTime(new Date(2026, 4, 1, 23, 0, 0).toISOString(), { now, ms: false })).toBe('05-01 23:00:00');
  });

  it('durations and countdowns', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatIn(new Date(10_000 + 4_000).toISOString(), 10_000)).toBe('in 4 s');
    expect(formatIn(new Date(10_000 + 300_000).toISOString(), 10_000)).toBe('in 5 min');
    expect(formatIn(new Date(5_000).toISOString(), 10_000)).toBe('now');
  });

  it("a capture's row speaks of its signature, not of failure: it was answered", () => {
    expect(outcomeLabel({ kind: 'capture', outcome: 'failed', verdict: 'invalid' })).toEqual({
      text: 'signature invalid',
      tone: 'bad',
    });
    expect(outcomeLabel({ kind: 'capture', outcome: 'succeeded', verdict: null }).text).toBe('received');
    expect(outcomeLabel({ kind: 'capture', outcome: 'rejected', verdict: null }).text).toBe('rejected');
    expect(outcomeLabel({ kind: 'delivery', outcome: 'failed', verdict: null })).toEqual({
      text: 'failed',
      tone: 'bad',
    });
  });
});
