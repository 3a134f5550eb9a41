import { createHmac } from 'node:crypto';
import type { ComputedInfo, HmacAlgorithm, ProfileId, SignatureEncoding, SignOutput } from '../../../shared/model/signing';
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

export function signedContent(template: string, parts: SignParts): Buffer {
  const pieces = template.split(/(\{id\}|\{timestamp\}|\{body\})/);
  return Buffer.concat(
    pieces.map((piece) => {
      if (piece === '{body}') return Buffer.from(parts.body);
      if (piece === '{id}') return utf8(parts.id ?? '');
      if (piece === '{timestamp}') return utf8(String(parts.timestamp ?? ''));
      return utf8(piece);
    }),
  );
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

export function computedInfo(scheme: Pick<HmacScheme, 'template' | 'algorithm' | 'encoding'>, content: Uint8Array, body: Uint8Array, expected?: string, received?: string[]): ComputedInfo {
  return {
    signedContent: scheme.template,
    signedContentLength: content.length,
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

export function signHmac(scheme: HmacScheme, input: HmacSignInput): SignOutput {
  const keys = hmacKeys(input.secrets, scheme.keyMode, scheme.label);
  const content = signedContent(scheme.template, input);
  // Schemes without rotation send one signature: the first (current) secret's.
  const signingKeys = scheme.multiple ? keys : keys.slice(0, 1);
  const signatures = signingKeys.map((key) => encode(hmac(scheme.algorithm, key, content), scheme.encoding));
  const headers: Record<string, string> = { ...scheme.extraHeaders };
  if (scheme.idHeader) headers[scheme.idHeader] = input.id;
  if (scheme.timestampHeader) headers[scheme.timestampHeader] = String(input.timestamp);
  headers[scheme.signatureHeader] = scheme.formatHeader(signatures, input.timestamp);
  return { headers, computed: computedInfo(scheme, content, input.body, signatures[0]) };
}
