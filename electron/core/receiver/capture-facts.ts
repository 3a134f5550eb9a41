import type { InboxVerification } from '../../../shared/model/inbox';
import type { HeaderMap, VerifyResult } from '../../../shared/model/signing';
import type { HeaderList } from '../../../shared/model/exchange';
import { SigningInputError, verify } from '../signing';

/** `req.rawHeaders` as ordered pairs: names keep the sender's case, repeats stay repeated. */
export function headerPairs(raw: string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i]!, raw[i + 1]!]);
  return list;
}

export function headerMap(list: HeaderList): HeaderMap {
  const map: Record<string, string | string[]> = {};
  for (const [name, value] of list) {
    const key = name.toLowerCase();
    const had = map[key];
    map[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return map;
}

/**
 * Verifies a capture with the inbox's profile. A secret that stopped working
 * (undecryptable after a key change) becomes a failed verdict on the capture
 * rather than an error, so the request is still recorded and answered.
 */
export async function verifyCapture(
  v: InboxVerification,
  headers: HeaderMap,
  body: Uint8Array,
  nowSeconds: number,
): Promise<VerifyResult> {
  try {
    return await verify({
      profile: v.profile,
      headers,
      body,
      secrets: v.secrets,
      keys: v.keys,
      now: nowSeconds,
      ...(v.custom ? { custom: v.custom } : {}),
      ...(v.toleranceSeconds !== null ? { toleranceSeconds: v.toleranceSeconds } : {}),
    });
  } catch (err) {
    if (!(err instanceof SigningInputError)) throw err;
    return {
      profile: v.profile,
      valid: false,
      verdict: `Not verified: ${err.message}`,
      failedStep: 'secret',
      steps: [{ name: 'secret', ok: false, detail: err.message }],
      hints: [],
    };
  }
}

const ID_HEADERS = ['webhook-id', 'svix-id', 'x-github-delivery', 'x-request-id'];
const TYPE_HEADERS = ['x-github-event', 'x-event-type', 'x-fusionauth-event'];
const JSON_SNIFF_LIMIT = 1024 * 1024;

/** Event type and id for the log's filters: provider headers first, then common top-level JSON fields. */
export function eventIdentity(
  headers: HeaderMap,
  body: Uint8Array,
): { eventType: string | null; eventId: string | null } {
  const first = (names: string[]) => {
    for (const n of names) {
      const v = headers[n];
      if (v !== undefined) return Array.isArray(v) ? (v[0] ?? null) : v;
    }
    return null;
  };
  let eventType = first(TYPE_HEADERS);
  let eventId = first(ID_HEADERS);
  if (
    (eventType === null || eventId === null) &&
    body.byteLength > 1 &&
    body.byteLength <= JSON_SNIFF_LIMIT &&
    body[0] === 0x7b
  ) {
    try {
      const parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as Record<
        string,
        unknown
      >;
      const event = parsed.event as Record<string, unknown> | string | undefined;
      const type = parsed.type ?? (typeof event === 'string' ? event : event?.type);
      const id = parsed.id ?? (typeof event === 'object' ? event?.id : undefined);
      if (eventType === null && typeof type === 'string') eventType = type;
      if (eventId === null && (typeof id === 'string' || typeof id === 'number')) eventId = String(id);
    } catch {
      // not JSON: nothing to recognise
    }
  }
  return { eventType, eventId };
}
