/** Turning stored bytes into something a person can read, without changing what they were. */

/** JSON re-indented for reading, or null when the text is not JSON (then it is shown as is). */
export function prettyJson(text: string | null): string | null {
  if (!text) return null;
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** Decodes base64 (as the core sends binary bodies) into bytes. */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Past this many bytes the dump stops: a hex view of megabytes helps nobody and costs a lot of DOM. */
export const HEX_LIMIT = 64 * 1024;

/**
 * The classic dump: offset, 16 bytes in hex (two groups of 8), then printable
 * ASCII with dots for the rest.
 */
export function hexDump(bytes: Uint8Array, limit = HEX_LIMIT): { text: string; shown: number } {
  const shown = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let off = 0; off < shown; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, shown));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      if (i < row.length) {
        const b = row[i]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return { text: lines.join('\n'), shown };
}

const utf8 = new TextEncoder();

/** A body the core keeps as plain text (an inbox's answer) in the shape the body viewer reads. */
export function textBody(text: string): { isText: true; text: string; base64: null; size: number; truncated: false } {
  return { isText: true, text, base64: null, size: utf8.encode(text).length, truncated: false };
}

export function bodyBytes(body: { base64: string | null; text: string | null }): Uint8Array {
  return body.base64 !== null ? base64ToBytes(body.base64) : utf8.encode(body.text ?? '');
}
