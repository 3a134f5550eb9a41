import { createHmac } from 'node:crypto';
import type {
  ComputedInfo,
  HmacAlgorithm,
  ProfileId,
  SignatureEncoding,
  SignOutput,
} from '../../../shared/model/signing';
import { BoundedMemo } from '../bounded-memo';
import { bodyPreview, utf8 } from './bytes';
import { hmacKeys, type KeyMode } from './secrets';

export type ParsedSignatureHeader = { signatures: string[]; timestamp?: string } | { error: string };

/**
 * Everything that distinguishes one HMAC-over-text provider from another.
 * Standard Webhooks, Svix, Fief, Logto, Stripe, GitHub and the custom profile
 * are all instances, so signing, verifying and diagnosing are written once.
 */
export interface HmacScheme {
  profile: ProfileId;
  label: string;
  signatureHeader: string;
  idHeader?: string;
  timestampHeader?: string;
  algorithm: HmacAlgorithm;
  encoding: SignatureEncoding;
  /** `{id}`, `{timestamp}` and `{body}` placeholders. */
  template: string;
  keyMode: KeyMode;
  tolerance: { seconds: number; direction: 'both' | 'past' } | null;
  /** WorkOS signs and sends milliseconds; every other scheme Unix seconds. */
  timestampUnit?: 'ms';
  /** Whether the header can carry several signatures (rotation). */
  multiple: boolean;
  formatHeader(signatures: string[], timestamp: number): string;
  parseHeader(value: string): ParsedSignatureHeader;
  /** Non-signature headers the provider also sends (content type, user agent). */
  extraHeaders?: Record<string, string>;
}

export interface SignParts {
  id?: string;
  timestamp?: number | string;
  body: Uint8Array;
}

type TemplatePiece = { part: 'id' | 'timestamp' | 'body' } | { text: string };
const parsedTemplates = new BoundedMemo<TemplatePiece[]>(256);

/** A template split once into literal text and placeholders; templates are few (one per profile, plus custom ones). */
function templatePieces(template: string): TemplatePiece[] {
  return parsedTemplates.get(template, () =>
    template
      .split(/(\{id\}|\{timestamp\}|\{body\})/)
      .filter((p) => p !== '')
      .map((piece): TemplatePiece =>
        piece === '{id}'
          ? { part: 'id' }
          : piece === '{timestamp}'
            ? { part: 'timestamp' }
            : piece === '{body}'
              ? { part: 'body' }
              : { text: piece },
      ),
  );
}

function pieceValue(piece: TemplatePiece, parts: SignParts): string | Uint8Array {
  if ('text' in piece) return piece.text;
  if (piece.part === 'body') return parts.body;
  return piece.part === 'id' ? (parts.id ?? '') : String(parts.timestamp ?? '');
}

export function signedContent(template: string, parts: SignParts): Buffer {
  return Buffer.concat(
    templatePieces(template).map((piece) => {
      const v = pieceValue(piece, parts);
      return typeof v === 'string' ? utf8(v) : Buffer.from(v);
    }),
  );
}

/** The signed content's length in bytes, without joining it. */
export function signedContentLength(template: string, parts: SignParts): number {
  let length = 0;
  for (const piece of templatePieces(template)) {
    const v = pieceValue(piece, parts);
    length += typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;
  }
  return length;
}

/** The MAC of the signed content, fed piece by piece so the body is never copied into a joined buffer. */
export function macOfTemplate(algorithm: HmacAlgorithm, key: Uint8Array, template: string, parts: SignParts): Buffer {
  const mac = createHmac(algorithm, key);
  // Text pieces next to each other go in as one string: each update() is a call into C++ (~1 µs), the join is not.
  let text = '';
  for (const piece of templatePieces(template)) {
    const v = pieceValue(piece, parts);
    if (typeof v === 'string') text += v;
    else {
      if (text) mac.update(text);
      text = '';
      mac.update(v);
    }
  }
  if (text) mac.update(text);
  return mac.digest();
}

export function hmac(algorithm: HmacAlgorithm, key: Uint8Array, content: Uint8Array): Buffer {
  return createHmac(algorithm, key).update(content).digest();
}

export function encode(mac: Buffer, encoding: SignatureEncoding): string {
  return mac.toString(encoding);
}

export function usesPlaceholder(template: string, name: 'id' | 'timestamp'): boolean {
  return template.includes(`{${name}}`);
}

export function computedInfo(
  scheme: Pick<HmacScheme, 'template' | 'algorithm' | 'encoding'>,
  contentLength: number,
  body: Uint8Array,
  expected?: string,
  received?: string[],
): ComputedInfo {
  return {
    signedContent: scheme.template,
    signedContentLength: contentLength,
    bodyLength: body.length,
    bodyPreview: bodyPreview(body),
    algorithm: `HMAC-${scheme.algorithm.toUpperCase()}, ${scheme.encoding}`,
    ...(expected !== undefined ? { expected } : {}),
    ...(received ? { received } : {}),
  };
}

export interface HmacSignInput {
  body: Uint8Array;
  secrets: string[];
  id: string;
  timestamp: number;
}

export function signHmac(scheme: HmacScheme, given: HmacSignInput): SignOutput {
  const input = scheme.timestampUnit === 'ms' ? { ...given, timestamp: given.timestamp * 1000 } : given;
  const keys = hmacKeys(input.secrets, scheme.keyMode, scheme.label);
  // Schemes without rotation send one signature: the first (current) secret's.
  const signingKeys = scheme.multiple ? keys : keys.slice(0, 1);
  const signatures = signingKeys.map((key) =>
    encode(macOfTemplate(scheme.algorithm, key, scheme.template, input), scheme.encoding),
  );
  const headers: Record<string, string> = { ...scheme.extraHeaders };
  if (scheme.idHeader) headers[scheme.idHeader] = input.id;
  if (scheme.timestampHeader) headers[scheme.timestampHeader] = String(input.timestamp);
  headers[scheme.signatureHeader] = scheme.formatHeader(signatures, input.timestamp);
  let computed: ComputedInfo | undefined;
  // The engine signs every attempt and never reads this; the Sign screen does. An enumerable getter still serializes.
  return {
    headers,
    get computed() {
      return (computed ??= computedInfo(
        scheme,
        signedContentLength(scheme.template, input),
        input.body,
        signatures[0],
      ));
    },
  };
}
