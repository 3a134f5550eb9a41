import type { HeaderMap } from '../../../shared/model/signing';

/** HTTP header names are case-insensitive; captures keep whatever case the sender used. */
export function getHeader(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key in headers) {
    if (!Object.hasOwn(headers, key) || key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** The header's name as the request spelled it, for messages the user can match with what they see. */
export function presentName(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === wanted && headers[key] !== undefined);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

const suffixOf = (name: string) => name.slice(name.lastIndexOf('-') + 1);

/**
 * Headers present that look like the expected one: a typo, another vendor's
 * prefix (`svix-signature` for `webhook-signature`), or `_` for `-`.
 */
export function similarHeaders(headers: HeaderMap, expected: string): string[] {
  const want = expected.toLowerCase();
  return Object.keys(headers).filter((key) => {
    const name = key.toLowerCase();
    if (name === want) return false;
    if (name.replace(/_/g, '-') === want) return true;
    if (distance(name, want) <= 3) return true;
    const suffix = suffixOf(want);
    return suffix.length >= 4 && suffixOf(name) === suffix && name.includes(suffix);
  });
}
