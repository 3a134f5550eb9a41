import { randomBytes } from 'node:crypto';
import {
  isProfileId,
  profileIds,
  type FusionAuthAlgorithm,
  type GeneratedSecret,
  type ProfileId,
  type ProfileInfo,
  type SignInput,
  type SignOutput,
  type VerifyInput,
  type VerifyResult,
} from '../../../shared/model/signing';
import { auth0Profile } from './auth0';
import { clerkProfile } from './clerk';
import { customHmacProfile } from './custom-hmac';
import { detectOtherProfiles } from './detect-profile';
import { SigningInputError } from './errors';
import { fiefProfile } from './fief';
import { fronteggProfile } from './frontegg';
import { fusionAuthProfile } from './fusionauth';
import { generateFusionAuthKey } from './fusionauth-keys';
import { githubProfile } from './github';
import { kindeProfile } from './kinde';
import { logtoProfile } from './logto';
import { oktaProfile } from './okta';
import type { SigningProfile } from './profile';
import { generateSecret as generateProfileSecret } from './secrets';
import { standardWebhooksProfile } from './standard-webhooks';
import { stripeProfile } from './stripe';
import { supabaseProfile } from './supabase';
import { svixProfile } from './svix';
import { workosProfile } from './workos';

export { SigningInputError } from './errors';
export { generateFusionAuthKey, jwks, publicKeyPem } from './fusionauth-keys';
export { kindeJwks } from './kinde-keys';

const profiles: Record<ProfileId, SigningProfile> = {
  'standard-webhooks': standardWebhooksProfile,
  svix: svixProfile,
  fief: fiefProfile,
  logto: logtoProfile,
  fusionauth: fusionAuthProfile,
  frontegg: fronteggProfile,
  stripe: stripeProfile,
  github: githubProfile,
  clerk: clerkProfile,
  workos: workosProfile,
  okta: oktaProfile,
  auth0: auth0Profile,
  supabase: supabaseProfile,
  kinde: kindeProfile,
  'custom-hmac': customHmacProfile,
};

export function getProfile(id: string): SigningProfile {
  if (!isProfileId(id))
    throw new SigningInputError(`Unknown provider "${id}"; use one of: ${profileIds.join(', ')}.`, 'provider');
  return profiles[id];
}

export function listProfiles(): ProfileInfo[] {
  return profileIds.map((id) => profiles[id].info);
}

const ID_BYTES = 18;
let idPool = Buffer.alloc(0);
let idOffset = 0;

/** Message ids in Svix's shape (msg_ + random base62-ish); random bytes are drawn 4 KiB at a time, not per id. */
export function newMessageId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * 227);
    idOffset = 0;
  }
  const bytes = idPool.subarray(idOffset, (idOffset += ID_BYTES));
  return `msg_${bytes.toString('base64url').replace(/[-_]/g, 'x')}`;
}

const unixNow = () => Math.floor(Date.now() / 1000);

export async function sign(input: SignInput, now: () => number = unixNow): Promise<SignOutput> {
  const profile = getProfile(input.profile);
  if (input.timestamp !== undefined && (!Number.isInteger(input.timestamp) || input.timestamp < 0))
    throw new SigningInputError('The timestamp must be a whole number of Unix seconds.', 'timestamp');
  return profile.sign({ ...input, id: input.id ?? newMessageId(), timestamp: input.timestamp ?? now() });
}

/**
 * Verifies like the provider's docs tell receivers to, then, when the request
 * fails but carries another provider's signature header, checks whether it
 * verifies under that profile, so the hint can say so outright.
 */
export async function verify(input: VerifyInput, now: () => number = unixNow): Promise<VerifyResult> {
  const profile = getProfile(input.profile);
  const resolved = { ...input, now: input.now ?? now() };
  const result = await profile.verify(resolved);
  if (result.valid) return result;
  for (const other of detectOtherProfiles(input.headers, input.profile)) {
    try {
      const alt = await profiles[other.profile].verify({ ...resolved, profile: other.profile });
      if (alt.valid) {
        result.hints.unshift({
          code: 'other-profile',
          message: `This request verifies as ${other.label} (profile "${other.profile}") with the same secret: choose that profile.`,
        });
      }
    } catch {
      // The secret does not fit the other profile's format: then it was not signed that way either.
    }
  }
  return result;
}

export async function generateSecret(profile: ProfileId, alg: FusionAuthAlgorithm = 'HS256'): Promise<GeneratedSecret> {
  getProfile(profile);
  if (profile === 'fusionauth') return { profile, key: await generateFusionAuthKey(alg) };
  return { profile, secret: generateProfileSecret(profile) };
}
