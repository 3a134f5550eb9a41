import type { ProfileId } from '../../../shared/model/signing';
import type { HeaderList } from '../../../shared/model/exchange';
import { getProfile } from '../signing';

/** The event type a check uses for "an event this receiver has never seen". */
export const UNKNOWN_EVENT = 'hookbench.unknown_event';

type Json = Record<string, unknown>;

/**
 * Puts an event type the receiver cannot know into a sample, where each
 * provider carries it; null when the payload names no event (Supabase hooks
 * are one endpoint per hook).
 */
export function withUnknownEventType(profile: ProfileId, sample: unknown): unknown | null {
  const json = structuredClone(sample) as Json & Json[];
  switch (profile) {
    case 'supabase':
      return null;
    case 'logto':
      return { ...json, event: 'Hookbench.UnknownEvent' };
    case 'fusionauth':
      return { ...json, event: { ...(json.event as Json), type: UNKNOWN_EVENT } };
    case 'frontegg':
      return { ...json, eventKey: `frontegg.${UNKNOWN_EVENT}` };
    case 'workos':
      return { ...json, event: UNKNOWN_EVENT };
    case 'okta': {
      const data = json.data as { events: Json[] };
      return { ...json, data: { events: data.events.map((e) => ({ ...e, eventType: UNKNOWN_EVENT })) } };
    }
    case 'auth0':
      return (json as unknown as { log_id: string; data: Json }[]).map((e) => ({
        ...e,
        data: { ...e.data, type: 'hb_unknown' },
      }));
    case 'github':
      // GitHub names the event in X-GitHub-Event, which the signer fills from the event name.
      return json;
    default:
      return { ...json, type: UNKNOWN_EVENT };
  }
}

/** The header carrying the signature (or token) a tampering check changes or drops; null when the body is the token (Kinde). */
export function signatureHeaderOf(profile: ProfileId, customHeader?: string): string | null {
  if (profile === 'kinde') return null;
  if (profile === 'custom-hmac') return customHeader ?? null;
  return getProfile(profile).info.headers[0]!;
}

const JWT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function flipChar(c: string): string {
  if (/[0-8]/.test(c)) return String(Number(c) + 1);
  if (c === '9') return '0';
  if (/[a-yA-Y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (c === 'z') return 'a';
  if (c === 'Z') return 'A';
  return c === 'A' ? 'B' : 'A';
}

/**
 * Changes one character in the middle of the signature, keeping the header
 * well formed: the middle of a JWT's signature part, else of the longest run
 * of signature characters (so `t=…` and `v1,` prefixes stay as they are).
 * The middle, not the end: a base64 value's last character may only carry padding bits.
 */
export function tamperSignatureValue(value: string): string {
  const jwt = JWT.exec(value.trim());
  if (jwt) {
    const sig = jwt[3]!;
    const at = Math.floor(sig.length / 2);
    return `${jwt[1]}.${jwt[2]}.${sig.slice(0, at)}${flipChar(sig[at]!)}${sig.slice(at + 1)}`;
  }
  let best = { start: 0, length: 0 };
  for (const m of value.matchAll(/[A-Za-z0-9+/_-]{8,}/g))
    if (m[0].length > best.length) best = { start: m.index, length: m[0].length };
  if (best.length === 0) return `${value}x`;
  const at = best.start + Math.floor(best.length / 2);
  return value.slice(0, at) + flipChar(value[at]!) + value.slice(at + 1);
}

export function tamperHeader(headers: HeaderList, name: string): HeaderList {
  const wanted = name.toLowerCase();
  return headers.map(([n, v]) => (n.toLowerCase() === wanted ? [n, tamperSignatureValue(v)] : [n, v]));
}

/** Kinde: a claim changed inside the signed JWT without re-signing, what "body altered after signing" means there. */
export function alterJwtClaims(token: Uint8Array): Uint8Array {
  const text = Buffer.from(token).toString('utf8').trim();
  const m = JWT.exec(text);
  if (!m) return Buffer.from(`${text} `);
  const claims = JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8')) as Json;
  const changed = Buffer.from(JSON.stringify({ ...claims, source: 'forged' })).toString('base64url');
  return Buffer.from(`${m[1]}.${changed}.${m[3]}`);
}

/** Tampers the signature in a Kinde body: the JWT is the body. */
export function tamperJwtBody(token: Uint8Array): Uint8Array {
  return Buffer.from(tamperSignatureValue(Buffer.from(token).toString('utf8')));
}

const MASK = '••••••';

/** Okta and Auth0 authenticate with the Authorization value itself: evidence never shows it. */
export function maskCredentials(headers: HeaderList): HeaderList {
  return headers.map(([n, v]) => {
    if (n.toLowerCase() !== 'authorization') return [n, v];
    const scheme = /^(\S+)\s+\S/.exec(v)?.[1];
    return [n, scheme ? `${scheme} ${MASK}` : MASK];
  });
}
