import { samplePayload, listEvents, UnknownEventError } from '../../../shared/catalog';
import { AppFailure } from '../../../shared/api/result';
import type { CustomHmacConfig, FusionAuthKey, ProfileId } from '../../../shared/model/signing';
import { generateSecret, jwks, listProfiles, publicKeyPem, sign, SigningInputError, verify } from '../signing';
import { isHmacAlg } from '../signing/fusionauth-keys';
import type { Handlers } from './dispatch';

type SigningMethod = 'listProfiles' | 'listEvents' | 'samplePayload' | 'sign' | 'verify' | 'generateSecret';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The exact bytes the caller means; refuses text that could not survive UTF-8 unchanged. */
export function decodeBody(body: string, encoding: 'utf8' | 'base64'): Uint8Array {
  if (encoding === 'base64') {
    const compact = body.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0)
      throw new AppFailure('invalid_input', 'body is not valid base64 (bodyEncoding is "base64").', {
        body: ['not valid base64'],
      });
    return Buffer.from(compact, 'base64');
  }
  if (LONE_SURROGATE.test(body)) {
    throw new AppFailure(
      'invalid_input',
      'body holds characters that are not valid UTF-8 (a binary body?): send it with bodyEncoding "base64" so every byte is signed as is.',
      { body: ['not valid UTF-8'] },
    );
  }
  return Buffer.from(body, 'utf8');
}

/** Caller mistakes found by the core become invalid_input; anything else stays a bug. */
async function asInput<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SigningInputError)
      throw new AppFailure('invalid_input', err.message, { [err.field]: [err.message] });
    if (err instanceof UnknownEventError) throw new AppFailure('invalid_input', err.message, { event: [err.message] });
    throw err;
  }
}

export type StoredRef = { subscriptionId: string } | { inboxId: string };
export interface StoredMaterial {
  profile: ProfileId;
  secrets: string[];
  keys?: FusionAuthKey[];
  custom?: CustomHmacConfig;
}

export interface SigningContext {
  /** A subscription's signing material or an inbox's verification; throws not_found. */
  stored(ref: StoredRef): StoredMaterial;
  now?: () => number;
}

/** The call's own secrets and keys, plus the stored ones it names (for a profile they belong to). */
function material(
  ctx: SigningContext,
  input: {
    provider: ProfileId;
    secrets: string[];
    keys?: FusionAuthKey[];
    custom?: CustomHmacConfig;
    using?: StoredRef;
  },
): Omit<StoredMaterial, 'profile'> {
  const given = { secrets: input.secrets, keys: input.keys, custom: input.custom };
  if (!input.using) return given;
  const stored = ctx.stored(input.using);
  const owner = 'subscriptionId' in input.using ? 'subscription' : 'inbox';
  if (stored.profile !== input.provider)
    throw new AppFailure('invalid_input', `That ${owner} signs as ${stored.profile}, not ${input.provider}.`, {
      provider: [`The ${owner}'s profile is ${stored.profile}`],
    });
  return {
    secrets: [...input.secrets, ...stored.secrets],
    keys: [...(input.keys ?? []), ...(stored.keys ?? [])],
    custom: input.custom ?? stored.custom,
  };
}

export function signingHandlers(ctx: SigningContext): Pick<Handlers, SigningMethod> {
  const now = ctx.now ?? (() => Math.floor(Date.now() / 1000));
  return {
    listProfiles: () => listProfiles(),
    listEvents: (input) => listEvents(input?.provider),
    samplePayload: (input) =>
      asInput(() =>
        samplePayload(input.provider, input.event, {
          ...(input.seed !== undefined ? { seed: input.seed } : {}),
          baseTime: input.baseTime ?? now() * 1000,
        }),
      ),
    sign: (input) => {
      const m = material(ctx, input);
      return asInput(() =>
        sign(
          {
            profile: input.provider,
            body: decodeBody(input.body, input.bodyEncoding),
            secrets: m.secrets,
            ...(input.id ? { id: input.id } : {}),
            ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
            ...(input.event ? { event: input.event } : {}),
            ...(m.custom ? { custom: m.custom } : {}),
            ...(m.keys?.length ? { keys: m.keys } : {}),
          },
          now,
        ),
      );
    },
    verify: (input) => {
      const m = material(ctx, input);
      return asInput(() =>
        verify(
          {
            profile: input.provider,
            headers: input.headers,
            body: decodeBody(input.body, input.bodyEncoding),
            secrets: m.secrets,
            ...(input.now !== undefined ? { now: input.now } : {}),
            ...(input.toleranceSeconds !== undefined ? { toleranceSeconds: input.toleranceSeconds } : {}),
            ...(m.custom ? { custom: m.custom } : {}),
            ...(m.keys?.length ? { keys: m.keys } : {}),
          },
          now,
        ),
      );
    },
    generateSecret: (input) =>
      asInput(async () => {
        const generated = await generateSecret(input.provider, input.alg);
        if (!generated.key || isHmacAlg(generated.key.alg)) return generated;
        return {
          ...generated,
          publicKeyPem: await publicKeyPem(generated.key),
          jwks: jwks([generated.key]) as { keys: Record<string, unknown>[] },
        };
      }),
  };
}
