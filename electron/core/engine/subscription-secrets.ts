import type { FusionAuthAlgorithm, FusionAuthKey, ProfileId } from '../../../shared/model/signing';
import type { IssuedSecret, Subscription } from '../../../shared/model/subscription';
import { AppFailure } from '../../../shared/api/result';
import { maskSecret } from '../mask-secret';
import { generateSecret, jwks, kindeJwks, publicKeyPem, SigningInputError } from '../signing';
import { checkKeyUsable, isHmacAlg, validateKey } from '../signing/fusionauth-keys';
import { secretProblem } from '../signing/secrets';
import type { SealedMaterial } from './stored-subscription';

/** The signing layer's refusal of a given secret or key (a malformed PEM, JWK…) is a field error on `secret`. */
export async function asSecretError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SigningInputError) throw new AppFailure('invalid_input', err.message, { secret: [err.message] });
    throw err;
  }
}

/** A secret the user typed must fit the profile; nothing is saved otherwise. */
export function checkSecret(profile: ProfileId, secret: string, field = 'secret'): void {
  const problem = secretProblem(profile, secret);
  if (problem) throw new AppFailure('invalid_input', `${field}: ${problem}`, { [field]: [problem] });
}

/** A subscription's signing secret or key: the one given (checked against the profile), or a new one. */
export async function issueSecret(
  profile: ProfileId,
  given: string | undefined,
  alg: FusionAuthAlgorithm | undefined,
): Promise<{ material: SealedMaterial; issued: IssuedSecret; hint: string; key: Subscription['fusionAuthKey'] }> {
  if (given !== undefined) checkSecret(profile, given);
  if (profile === 'fusionauth' && (!given || alg)) {
    if (given && alg && !isHmacAlg(alg))
      throw new AppFailure(
        'invalid_input',
        'A typed FusionAuth secret is an HMAC key; pick HS256/384/512 or let Hookbench generate the key pair.',
        { fusionAuthAlg: ['Use an HMAC algorithm with a typed secret'] },
      );
    const generated = (await generateSecret('fusionauth', alg ?? 'HS256')).key!;
    const key: FusionAuthKey = given ? { kid: generated.kid, alg: generated.alg, secret: given } : generated;
    validateKey(key, 0);
    await checkKeyUsable(key);
    const meta = { kid: key.kid, alg: key.alg };
    if (isHmacAlg(key.alg))
      return {
        material: { secrets: [], keys: [key] },
        issued: { secret: key.secret!, kid: key.kid },
        hint: maskSecret(key.secret!),
        key: meta,
      };
    return {
      material: { secrets: [], keys: [key] },
      issued: {
        publicKeyPem: await publicKeyPem(key),
        jwks: jwks([key]) as IssuedSecret['jwks'] & object,
        kid: key.kid,
      },
      hint: `${key.alg} key ${key.kid.slice(0, 8)}…`,
      key: meta,
    };
  }
  const secret = given ?? (await generateSecret(profile)).secret!;
  // A Kinde receiver verifies with the tenant JWKS: hand it out with the key, once.
  const jwksDoc = profile === 'kinde' ? { jwks: (await kindeJwks([secret])) as IssuedSecret['jwks'] & object } : {};
  return { material: { secrets: [secret] }, issued: { secret, ...jwksDoc }, hint: maskSecret(secret), key: null };
}
