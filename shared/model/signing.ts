/**
 * Isomorphic types for signing and verifying webhooks. The core implements
 * them (electron/core/signing), the UI and CLI read them. No secret value ever
 * appears in an output type here: results describe what was computed, not with what.
 */

export const profileIds = [
  'standard-webhooks',
  'svix',
  'fief',
  'logto',
  'fusionauth',
  'frontegg',
  'stripe',
  'github',
  'clerk',
  'workos',
  'okta',
  'auth0',
  'supabase',
  'kinde',
  'custom-hmac',
] as const;
export type ProfileId = (typeof profileIds)[number];

export function isProfileId(value: string): value is ProfileId {
  return (profileIds as readonly string[]).includes(value);
}

export const hmacAlgorithms = ['sha1', 'sha256', 'sha512'] as const;
export type HmacAlgorithm = (typeof hmacAlgorithms)[number];

export const signatureEncodings = ['hex', 'base64', 'base64url'] as const;
export type SignatureEncoding = (typeof signatureEncodings)[number];

/** The generic HMAC profile, for providers Hookbench has no dedicated profile for. */
export interface CustomHmacConfig {
  /** Header carrying the signature, e.g. `X-Signature`. */
  header: string;
  /** Text before the encoded signature, e.g. `sha256=`; empty for none. */
  prefix: string;
  algorithm: HmacAlgorithm;
  encoding: SignatureEncoding;
  /** Signed content with `{id}`, `{timestamp}` and `{body}` placeholders, e.g. `{timestamp}.{body}`. */
  template: string;
  idHeader?: string;
  timestampHeader?: string;
  /** Seconds either side of now a timestamp may be; absent or 0 = not checked. */
  toleranceSeconds?: number;
}

export const fusionAuthAlgorithms = ['HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'EdDSA'] as const;
export type FusionAuthAlgorithm = (typeof fusionAuthAlgorithms)[number];

/**
 * A FusionAuth signing key in a form a storage layer can persist as JSON.
 * HMAC keys carry `secret`; asymmetric keys carry JWKs. A key holding only
 * `publicJwk` can verify but not sign (what a receiver has).
 */
export interface FusionAuthKey {
  kid: string;
  alg: FusionAuthAlgorithm;
  secret?: string;
  privateJwk?: Record<string, unknown>;
  publicJwk?: Record<string, unknown>;
}

export interface SignInput {
  profile: ProfileId;
  /** Raw body bytes exactly as they will be sent. */
  body: Uint8Array;
  /** One or more secrets; profiles allowing rotation sign with all of them. */
  secrets: string[];
  id?: string;
  /** Unix seconds. */
  timestamp?: number;
  custom?: CustomHmacConfig;
  /** FusionAuth: signing keys (the first one signs). Plain `secrets` are taken as HS256 keys. */
  keys?: FusionAuthKey[];
  /** The event being sent: Frontegg's `eventKey` claim, GitHub's `X-GitHub-Event`. */
  event?: string;
}

export interface SignOutput {
  headers: Record<string, string>;
  computed: ComputedInfo;
  /** The text to send instead of the input body, for providers whose body is the signed token itself (Kinde's JWT). */
  body?: string;
}

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface VerifyInput {
  profile: ProfileId;
  headers: HeaderMap;
  body: Uint8Array;
  secrets: string[];
  /** Unix seconds; defaults to the clock. */
  now?: number;
  /** Overrides the profile's default tolerance (seconds). */
  toleranceSeconds?: number;
  custom?: CustomHmacConfig;
  keys?: FusionAuthKey[];
}

export type VerifyStepName =
  'secret' | 'headers-present' | 'header-format' | 'timestamp' | 'signature' | 'claims' | 'body-hash' | 'body-format';

export interface VerifyStep {
  name: VerifyStepName;
  ok: boolean;
  detail: string;
}

export type HintCode =
  | 'similar-header'
  | 'other-profile'
  | 'body-reserialized'
  | 'secret-raw-not-decoded'
  | 'secret-decoded-not-raw'
  | 'whsec-prefix-kept'
  | 'whsec-prefix-stripped'
  | 'wrong-encoding'
  | 'wrong-algorithm'
  | 'wrong-signed-content'
  | 'timestamp-milliseconds'
  | 'unknown-kid'
  | 'no-known-mistake';

export interface VerifyHint {
  code: HintCode;
  message: string;
}

/** What was hashed: enough to compare with the sender's own computation, never the key. */
export interface ComputedInfo {
  /** e.g. `{id}.{timestamp}.{body}` or `sha256(body) in JWT claim request_body_sha256`. */
  signedContent: string;
  signedContentLength: number;
  bodyLength: number;
  /** The first bytes of the body as text (control characters escaped). */
  bodyPreview: string;
  algorithm: string;
  /** The signature (or body hash) Hookbench computed; a MAC output, not a secret. */
  expected?: string;
  received?: string[];
}

export interface VerifyResult {
  profile: ProfileId;
  valid: boolean;
  /** One sentence a person can act on. */
  verdict: string;
  failedStep?: VerifyStepName;
  steps: VerifyStep[];
  hints: VerifyHint[];
  computed?: ComputedInfo;
  /** Index in `secrets` (or `keys`) of the secret that verified. */
  matchedSecret?: number;
}

export interface ProfileInfo {
  id: ProfileId;
  label: string;
  description: string;
  /** Headers the profile sends, signature header first. */
  headers: string[];
  secretFormat: string;
  /** Whether several secrets can be active at once (sign with all, verify with any). */
  multipleSecrets: boolean;
  /** Seconds; null = the scheme carries no timestamp to check. */
  defaultToleranceSeconds: number | null;
  /** 'both' = too old and too new fail; 'past' = only too old fails. */
  toleranceDirection: 'both' | 'past' | 'none';
  /** Delay before each attempt in ms, the first being the initial send (0). */
  retryScheduleMs: number[];
  successRule: string;
  /** Facts no public source confirmed, with the choice Hookbench makes. */
  emulated: string[];
}

export interface EventSummary {
  provider: ProfileId;
  name: string;
  description: string;
}

export interface SamplePayload {
  provider: ProfileId;
  event: string;
  contentType: string;
  body: string;
}

/** A freshly generated secret, or for FusionAuth a key with its public half ready to share. */
export interface GeneratedSecret {
  profile: ProfileId;
  secret?: string;
  key?: FusionAuthKey;
  /** FusionAuth asymmetric keys: SPKI PEM and a JWKS document for the receiver. */
  publicKeyPem?: string;
  jwks?: { keys: Record<string, unknown>[] };
}
