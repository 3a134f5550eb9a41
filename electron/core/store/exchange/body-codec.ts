import type { BodyInput, BodyView } from '../../../../shared/model/exchange';

/** Default cap on stored body bytes; larger bodies keep their first 256 KiB and their full size. */
export const DEFAULT_BODY_CAP = 256 * 1024;

export interface StoredBody {
  /** TEXT when the kept bytes are valid UTF-8 (so FTS can index it), BLOB otherwise, null when empty. */
  value: string | Uint8Array | null;
  size: number;
  truncated: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Cuts at most 3 bytes back so a multi-byte character is not split by the cap. */
function utf8Boundary(bytes: Uint8Array, cap: number): number {
  let end = cap;
  while (end > 0 && end > cap - 4 && (bytes[end]! & 0xc0) === 0x80) end--;
  return end;
}

export function encodeBody(input: BodyInput | undefined, cap: number): StoredBody {
  if (input === null || input === undefined) return { value: null, size: 0, truncated: false };
  if (typeof input === 'string') {
    // Fast path: a string shorter than cap/4 chars is under the cap in bytes too.
    if (input.length * 3 <= cap)
      return { value: input.length ? input : null, size: Buffer.byteLength(input), truncated: false };
    return encodeBytes(encoder.encode(input), cap, true);
  }
  return encodeBytes(input, cap, false);
}

function encodeBytes(bytes: Uint8Array, cap: number, knownText: boolean): StoredBody {
  const size = bytes.byteLength;
  if (size === 0) return { value: null, size: 0, truncated: false };
  const truncated = size > cap;
  let kept = truncated ? bytes.subarray(0, cap) : bytes;
  if (truncated && (knownText || looksUtf8(kept))) kept = bytes.subarray(0, utf8Boundary(bytes, cap));
  const text = decodeText(kept);
  if (text !== null) return { value: text, size, truncated };
  return { value: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength), size, truncated };
}

function looksUtf8(bytes: Uint8Array): boolean {
  return decodeText(bytes.subarray(0, utf8Boundary(bytes, bytes.byteLength))) !== null;
}

function decodeText(bytes: Uint8Array): string | null {
  // NUL bytes mean binary even when they happen to be valid UTF-8.
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

export function bodyView(value: unknown, size: number, truncated: boolean): BodyView {
  if (typeof value === 'string') return { isText: true, text: value, base64: null, size, truncated };
  if (value instanceof Uint8Array) {
    return {
      isText: false,
      text: null,
      base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
      size,
      truncated,
    };
  }
  return { isText: true, text: '', base64: null, size, truncated };
}
