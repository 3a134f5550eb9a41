import type { ProfileInfo, SignInput, SignOutput, VerifyInput, VerifyResult } from '../../../shared/model/signing';
import { signHmac, type HmacScheme } from './hmac-scheme';
import { verifyHmac } from './hmac-verify';

/** What index.ts fills in before a profile runs: a message id, a timestamp, the clock's now. */
export type ResolvedSignInput = SignInput & { id: string; timestamp: number };
export type ResolvedVerifyInput = VerifyInput & { now: number };

export interface SigningProfile {
  info: ProfileInfo;
  sign(input: ResolvedSignInput): Promise<SignOutput>;
  verify(input: ResolvedVerifyInput): Promise<VerifyResult>;
}

export const SECONDS = 1000;
export const MINUTES = 60 * SECONDS;
export const HOURS = 60 * MINUTES;

/** A profile that is exactly one HMAC scheme, plus optional headers that depend on the request. */
export function hmacProfile(
  info: ProfileInfo,
  scheme: HmacScheme,
  requestHeaders?: (input: ResolvedSignInput) => Record<string, string>,
): SigningProfile {
  return {
    info,
    async sign(input) {
      const out = signHmac(scheme, input);
      return requestHeaders ? { ...out, headers: { ...out.headers, ...requestHeaders(input) } } : out;
    },
    async verify(input) {
      return verifyHmac(scheme, input);
    },
  };
}

/** Splits `key=value` pairs separated by commas (Stripe) into a multimap. */
export function parsePairs(value: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    pairs.set(key, [...(pairs.get(key) ?? []), part.slice(eq + 1).trim()]);
  }
  return pairs;
}

/** A single token without spaces: what hex-signature providers send. */
export function parseSingleToken(value: string, prefix = ''): { signatures: string[] } | { error: string } {
  const v = value.trim();
  if (v === '') return { error: 'the header is empty.' };
  if (prefix && !v.startsWith(prefix))
    return { error: `expected it to start with "${prefix}" (got "${v.slice(0, 12)}…").` };
  const sig = v.slice(prefix.length);
  if (sig === '' || /[\s,]/.test(sig)) return { error: 'expected a single signature without spaces or commas.' };
  return { signatures: [sig] };
}
