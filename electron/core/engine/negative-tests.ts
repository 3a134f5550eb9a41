import type { CustomHmacConfig, FusionAuthKey, ProfileId } from '../../../shared/model/signing';
import type { NegativeOptions } from '../../../shared/model/subscription';
import { getProfile } from '../signing';
import { generateSecret } from '../signing/secrets';

/** What signs a delivery: secrets (HMAC, Frontegg, FusionAuth HS256), FusionAuth keys, custom-hmac config. */
export interface SigningMaterial {
  secrets: string[];
  keys?: FusionAuthKey[];
  custom?: CustomHmacConfig;
}

export function hasNegative(n: NegativeOptions | undefined): n is NegativeOptions {
  return !!n && Object.values(n).some((v) => v !== undefined && v !== false && v !== 0);
}

/** Signs with a fresh random secret of the right format, so only the value is wrong. */
export function signingMaterialFor(
  profile: ProfileId,
  material: SigningMaterial,
  n: NegativeOptions | undefined,
): SigningMaterial {
  if (!n?.wrongSecret) return material;
  const wrong = generateSecret(profile);
  const keys = material.keys?.length
    ? [{ kid: material.keys[0]!.kid, alg: 'HS256' as const, secret: wrong }]
    : undefined;
  return { ...material, secrets: [wrong], ...(keys ? { keys } : {}) };
}

export function signedTimestamp(nowSeconds: number, n: NegativeOptions | undefined): number {
  return Math.max(0, nowSeconds + (n?.timestampSkewSeconds ?? 0));
}

/**
 * A change a careless proxy or framework would make: one space before the
 * last closing brace keeps the JSON valid but breaks any signature over the raw bytes.
 */
export function alterBody(body: Uint8Array): Uint8Array {
  const text = Buffer.from(body).toString('utf8');
  const at = text.lastIndexOf('}');
  const altered = at >= 0 ? `${text.slice(0, at)} ${text.slice(at)}` : `${text} `;
  return Buffer.from(altered, 'utf8');
}

/** Applies the after-signing mistakes to what goes on the wire. */
export function afterSigning(
  profile: ProfileId,
  headers: [string, string][],
  body: Uint8Array,
  n: NegativeOptions | undefined,
  custom?: CustomHmacConfig,
): { headers: [string, string][]; body: Uint8Array } {
  if (!n) return { headers, body };
  const signatureHeader = (
    profile === 'custom-hmac' && custom ? custom.header : getProfile(profile).info.headers[0]!
  ).toLowerCase();
  return {
    headers: n.dropSignatureHeader ? headers.filter(([name]) => name.toLowerCase() !== signatureHeader) : headers,
    body: n.alterBodyAfterSigning ? alterBody(body) : body,
  };
}

/** The order a batch goes out in: as given, or reversed to test a receiver's ordering assumptions. */
export function sendOrder<T>(items: T[], n: NegativeOptions | undefined): T[] {
  return n?.outOfOrder ? [...items].reverse() : items;
}

/** How many times each delivery is sent with the same message id. */
export function copies(n: NegativeOptions | undefined): number {
  return n?.duplicate ? 2 : 1;
}
