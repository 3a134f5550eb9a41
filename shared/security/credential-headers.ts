import type { HeaderList } from '../model/exchange';

/**
 * Headers that carry a credential (a password, token, API key or session) as
 * opposed to a signature, which is a MAC of one message and safe to keep. The
 * exchange store keeps these masked, and so does its full-text index; the UI
 * shows the mask.
 */
const NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-refresh-token',
  'x-session-token',
  'x-csrf-token',
  'x-xsrf-token',
  'private-token',
  'x-amz-security-token',
]);
const PATTERN =
  /(^|-)(api-?key|access-?token|auth-?token|refresh-?token|session-?(token|id)|password|passwd|credentials?)$/i;

export const CREDENTIAL_MASK = '••••••';

export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return NAMES.has(lower) || PATTERN.test(lower);
}

/** The value with its secret parts masked and its shape kept: `Bearer ••••••`, `sid=••••••; theme=••••••`. */
export function maskCredential(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = /^([A-Za-z][\w.-]*)\s+\S/.exec(value.trim());
    return scheme ? `${scheme[1]} ${CREDENTIAL_MASK}` : CREDENTIAL_MASK;
  }
  if (lower === 'cookie')
    return value
      .split(';')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => `${pair.split('=')[0]}=${CREDENTIAL_MASK}`)
      .join('; ');
  if (lower === 'set-cookie') {
    const [first, ...attributes] = value.split(';');
    return [`${(first ?? '').split('=')[0]!.trim()}=${CREDENTIAL_MASK}`, ...attributes.map((a) => a.trim())].join('; ');
  }
  return CREDENTIAL_MASK;
}

/**
 * The headers with every credential masked, and the originals that were
 * masked (by position) for whoever keeps them sealed. A value that is already
 * a mask (an exchange exported and imported again) is left as it is.
 */
export function redactHeaders(headers: HeaderList): { headers: HeaderList; masked: [number, string][] } {
  const masked: [number, string][] = [];
  const out = headers.map(([name, value], i): [string, string] => {
    if (!isCredentialHeader(name)) return [name, value];
    const mask = maskCredential(name, value);
    if (mask === value) return [name, value];
    masked.push([i, value]);
    return [name, mask];
  });
  return { headers: masked.length ? out : headers, masked };
}
