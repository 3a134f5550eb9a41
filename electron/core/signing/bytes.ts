import { timingSafeEqual } from 'node:crypto';

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/**
 * Compares two secrets-derived values without leaking where they differ.
 * timingSafeEqual throws on unequal lengths, and a length mismatch is not
 * secret (the expected length is public), so it is checked first.
 */
export function constantTimeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const left = typeof a === 'string' ? utf8(a) : Buffer.from(a);
  const right = typeof b === 'string' ? utf8(b) : Buffer.from(b);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** A short, printable look at the start of a body, so a user can see which bytes were hashed. */
export function bodyPreview(body: Uint8Array, max = 80): string {
  const text = Buffer.from(body.subarray(0, max)).toString('utf8');
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return body.length > max ? `${escaped}…` : escaped;
}

/** Python's json.dumps default (", " and ": " separators), which many senders emit. */
function pythonStyle(compact: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    out += c;
    if (inString) {
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

/** Body variants a JSON body commonly turns into between sender and verifier. */
export function jsonReserializations(body: Uint8Array): { label: string; bytes: Buffer }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return [];
  }
  const original = Buffer.from(body);
  const variants = [
    { label: 'compact JSON (JSON.stringify of the parsed body)', bytes: utf8(JSON.stringify(parsed)) },
    { label: 'JSON with Python-style ", " and ": " separators', bytes: utf8(pythonStyle(JSON.stringify(parsed))) },
    { label: 'JSON pretty-printed with 2 spaces', bytes: utf8(JSON.stringify(parsed, null, 2)) },
    { label: 'JSON pretty-printed with 4 spaces', bytes: utf8(JSON.stringify(parsed, null, 4)) },
  ];
  return variants.filter((v) => !v.bytes.equals(original));
}
