import {
  hmacAlgorithms,
  signatureEncodings,
  type HintCode,
  type HmacAlgorithm,
  type SignatureEncoding,
  type VerifyHint,
} from '../../../shared/model/signing';
import { constantTimeEqual, jsonReserializations, utf8 } from './bytes';
import { encode, hmac, signedContent, usesPlaceholder, type HmacScheme } from './hmac-scheme';
import { decodeWhsec, SUPABASE_SECRET_PREFIX, WHSEC_PREFIX } from './secrets';

interface Variant<T> {
  value: T;
  /** null for what the profile prescribes; otherwise the mistake this variant stands for. */
  code: HintCode | null;
  label: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const COMMON_TEMPLATES = ['{body}', '{timestamp}.{body}', '{id}.{timestamp}.{body}', '{id}.{body}'];

function keyVariants(scheme: HmacScheme, given: string, index: number, count: number): Variant<Buffer>[] {
  const secret =
    scheme.keyMode === 'supabase-whsec' && given.startsWith(SUPABASE_SECRET_PREFIX) ? given.slice(3) : given;
  const hasPrefix = secret.startsWith(WHSEC_PREFIX);
  const rest = hasPrefix ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (scheme.keyMode !== 'raw') {
    const variants: Variant<Buffer>[] = [
      { value: decodeWhsec(secret, index, count), code: null, label: 'decoded secret' },
    ];
    if (hasPrefix) variants.push({ value: utf8(secret), code: 'whsec-prefix-kept', label: 'whole secret string' });
    variants.push({ value: utf8(rest), code: 'secret-raw-not-decoded', label: 'base64 text as raw bytes' });
    return variants;
  }
  const variants: Variant<Buffer>[] = [{ value: utf8(secret), code: null, label: 'secret as text' }];
  if (hasPrefix) variants.push({ value: utf8(rest), code: 'whsec-prefix-stripped', label: 'secret without whsec_' });
  if (BASE64.test(rest) && rest.length % 4 === 0 && rest.length >= 16) {
    variants.push({
      value: Buffer.from(rest, 'base64'),
      code: 'secret-decoded-not-raw',
      label: 'base64-decoded secret',
    });
  }
  return variants;
}

function hintFor(code: HintCode, scheme: HmacScheme, detail: string): VerifyHint {
  const p = scheme.label;
  const messages: Partial<Record<HintCode, string>> = {
    'body-reserialized': `The signature matches the body as ${detail}, not the bytes given here: the JSON was re-serialized after signing (a framework parsed and re-stringified it, or it was copied from a pretty-printing viewer). Verify over the raw request bytes, before any JSON parsing.`,
    'whsec-prefix-kept': `The signature was made with the whole secret string, "whsec_" prefix included, as the HMAC key. ${p} keys are the base64-decoded bytes after "whsec_": strip the prefix and base64-decode the rest.`,
    'secret-raw-not-decoded': `The signature was made with the base64 text after "whsec_" used as raw bytes. ${p} HMACs with the base64-decoded bytes: decode that part from base64 and use the resulting bytes as the key.`,
    'secret-decoded-not-raw': `The signature was made with the secret base64-decoded, but ${p} uses the secret string as-is (UTF-8 bytes${scheme.profile === 'stripe' ? ', whsec_ prefix included' : ''}). Do not decode it.`,
    'whsec-prefix-stripped': `The signature was made with the secret minus its "whsec_" prefix; ${p} uses the full string, prefix included, as the key.`,
    'wrong-encoding': `The signature is the right HMAC but encoded as ${detail}; ${p} expects ${scheme.encoding}.`,
    'wrong-algorithm': `The signature is an HMAC-${detail.toUpperCase()}; ${p} uses HMAC-${scheme.algorithm.toUpperCase()}.`,
    'wrong-signed-content': `The signature covers "${detail}" instead of "${scheme.template}": the sender built the signed content differently.`,
  };
  return { code, message: messages[code] ?? detail };
}

export interface MistakeSearch {
  scheme: HmacScheme;
  secrets: string[];
  body: Uint8Array;
  id?: string;
  timestamp?: string;
  received: string[];
}

/**
 * Recomputes the signature under the usual mistakes (body format, key
 * decoding, whsec_ prefix, algorithm, signed-content template, encoding) and
 * reports the explanation that needs the fewest of them. Only runs after a
 * failed verification, so its ~hundreds of HMACs cost nothing on the happy path.
 */
export function findMistakes(search: MistakeSearch): VerifyHint[] {
  const { scheme } = search;
  const bodies: Variant<Buffer>[] = [
    { value: Buffer.from(search.body), code: null, label: 'received' },
    ...jsonReserializations(search.body).map((v) => ({
      value: v.bytes,
      code: 'body-reserialized' as const,
      label: `${v.label} (${v.bytes.length} bytes, received ${search.body.length})`,
    })),
  ];
  const templates: Variant<string>[] = [scheme.template, ...COMMON_TEMPLATES]
    .filter((t, i, all) => all.indexOf(t) === i)
    .filter(
      (t) =>
        (!usesPlaceholder(t, 'id') || search.id !== undefined) &&
        (!usesPlaceholder(t, 'timestamp') || search.timestamp !== undefined),
    )
    .map((t) => ({ value: t, code: t === scheme.template ? null : ('wrong-signed-content' as const), label: t }));
  const algorithms: Variant<HmacAlgorithm>[] = [
    scheme.algorithm,
    ...hmacAlgorithms.filter((a) => a !== scheme.algorithm),
  ].map((a) => ({ value: a, code: a === scheme.algorithm ? null : ('wrong-algorithm' as const), label: a }));
  const encodings: Variant<SignatureEncoding>[] = [
    scheme.encoding,
    ...signatureEncodings.filter((e) => e !== scheme.encoding),
  ].map((e) => ({ value: e, code: e === scheme.encoding ? null : ('wrong-encoding' as const), label: e }));

  let best: Variant<unknown>[] | undefined;
  search.secrets.forEach((secret, index) => {
    for (const key of keyVariants(scheme, secret, index, search.secrets.length)) {
      for (const body of bodies) {
        for (const template of templates) {
          const content = signedContent(template.value, {
            id: search.id,
            timestamp: search.timestamp,
            body: body.value,
          });
          for (const algorithm of algorithms) {
            const mistakes = [key, body, template, algorithm].filter((v) => v.code !== null);
            if (best && mistakes.length >= best.length) continue;
            const mac = hmac(algorithm.value, key.value, content);
            for (const encoding of encodings) {
              const all = encoding.code ? [...mistakes, encoding] : mistakes;
              if (all.length === 0 || (best && all.length >= best.length)) continue;
              const candidate = encode(mac, encoding.value);
              const hit = search.received.some((r) =>
                constantTimeEqual(encoding.value === 'hex' ? r.toLowerCase() : r, candidate),
              );
              if (hit) best = all;
            }
          }
        }
      }
    }
  });
  if (!best) {
    return [
      {
        code: 'no-known-mistake',
        message:
          'None of the usual mistakes (re-serialized JSON body, secret decoding, whsec_ prefix, algorithm, signed-content template, encoding) reproduces the received signature. Most likely the sender used a different secret (rotated, or another endpoint/environment) or the body bytes changed in transit (proxy, charset conversion).',
      },
    ];
  }
  return best.map((v) => hintFor(v.code!, scheme, v.label));
}
