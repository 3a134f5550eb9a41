import { describe, expect, it } from 'vitest';
import { base64ToBytes, hexDump } from '../../../renderer/src/features/deliveries/hex-dump';
import { formatDuration } from '../../../renderer/src/features/deliveries/format';

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
  });

  it('formats durations for the table', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
  });
});
