import { z } from 'zod';
import { method } from '../define';
import { customHmacSchema } from '../../validate/custom-hmac';
import {
  fusionAuthAlgorithms,
  profileIds,
  type EventSummary,
  type GeneratedSecret,
  type ProfileInfo,
  type SamplePayload,
  type SignOutput,
  type VerifyResult,
} from '../../model/signing';
import { eventName, idString, jwkSchema } from '../../validate/limits';

const provider = z.enum(profileIds);

const customHmac = customHmacSchema;

const fusionAuthKey = z
  .object({
    kid: idString,
    alg: z.enum(fusionAuthAlgorithms),
    secret: z.string().min(1).max(4096).optional(),
    privateJwk: jwkSchema.optional(),
    publicJwk: jwkSchema.optional(),
  })
  .strict();

/** Bodies cross the API as strings; binary bodies come base64-encoded so no byte is lost. */
const body = {
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']).default('utf8'),
};

/** Empty strings pass the schema on purpose: the core explains what a secret should look like. */
const secrets = z.array(z.string().max(4096)).max(16).default([]);

const unixSeconds = z.number().int().min(0);

/**
 * Sign or verify with what the core keeps for a subscription or an inbox, in
 * place of (or besides) secrets given in the call; the stored secrets never
 * leave the core. The provider must be the one they belong to.
 */
const storedMaterial = z.union([
  z.object({ subscriptionId: z.string().min(1) }).strict(),
  z.object({ inboxId: z.string().min(1) }).strict(),
]);

export const signInput = z
  .object({
    provider,
    secrets,
    ...body,
    id: z.string().min(1).max(256).optional(),
    timestamp: unixSeconds.optional(),
    event: eventName.optional(),
    custom: customHmac.optional(),
    keys: z.array(fusionAuthKey).max(16).optional(),
    using: storedMaterial.optional(),
  })
  .strict();

export const verifyInput = z
  .object({
    provider,
    secrets,
    headers: z
      .record(z.string().max(256), z.union([z.string().max(64 * 1024), z.array(z.string().max(64 * 1024)).max(32)]))
      .refine((h) => Object.keys(h).length <= 256, 'At most 256 headers'),
    ...body,
    now: unixSeconds.optional(),
    toleranceSeconds: z.number().int().min(0).optional(),
    custom: customHmac.optional(),
    keys: z.array(fusionAuthKey).max(16).optional(),
    using: z
      .object({ inboxId: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export const signingMethods = {
  listProfiles: method<ProfileInfo[]>()(
    z.object({}).strict().optional(),
    'Signing profiles with their headers, secret format, tolerance, retry schedule and emulated facts.',
  ),
  listEvents: method<EventSummary[]>()(
    z.object({ provider: provider.optional() }).strict().optional(),
    'Catalog events of one provider, or of all.',
  ),
  samplePayload: method<SamplePayload>()(
    z
      .object({
        provider,
        event: eventName,
        seed: z.number().int().optional(),
        baseTime: z.number().int().min(0).optional(),
      })
      .strict(),
    "A realistic sample body for an event in the provider's envelope; same seed, same body.",
  ),
  sign: method<SignOutput>()(signInput, 'Signs a body like the provider does and returns the headers to send.'),
  verify: method<VerifyResult>()(
    verifyInput,
    "Verifies a request like the provider's docs tell receivers to, explaining each step and likely mistakes.",
  ),
  generateSecret: method<GeneratedSecret>()(
    z.object({ provider, alg: z.enum(fusionAuthAlgorithms).optional() }).strict(),
    "A new secret in the provider's format; for FusionAuth a signing key with its public PEM and JWKS.",
  ),
};
