import type { ProfileId } from '../../../shared/model/signing';
import type { NegativeOptions } from '../../../shared/model/subscription';
import type { HeaderList } from '../../../shared/model/exchange';
import { sign } from '../signing';
import { afterSigning, signedTimestamp, signingMaterialFor, type SigningMaterial } from './negative-tests';

/** Where and how one delivery is sent, resolved from a subscription or given ad hoc. */
export interface TargetSpec {
  url: string;
  profile: ProfileId;
  material: SigningMaterial;
  headers: Record<string, string>;
  basicAuth: { username: string; password: string } | null;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  caCertificatePem: string | null;
}

export interface BuiltRequest {
  headers: HeaderList;
  /** What the log keeps: the same headers with credentials masked. */
  loggedHeaders: HeaderList;
  body: Uint8Array;
}

const MASK = '••••••';

/**
 * One attempt's request: custom headers first, then the profile's own headers
 * (which custom ones can never override, as Logto promises), then basic auth.
 * Every attempt is signed afresh: same message id, new timestamp and signature.
 */
export async function buildRequest(
  target: TargetSpec,
  msg: { id: string; event: string; body: Uint8Array },
  nowMs: number,
  negative?: NegativeOptions,
): Promise<BuiltRequest> {
  const material = signingMaterialFor(target.profile, target.material, negative);
  const signed = await sign({
    profile: target.profile,
    body: msg.body,
    secrets: material.secrets,
    ...(material.keys?.length ? { keys: material.keys } : {}),
    ...(material.custom ? { custom: material.custom } : {}),
    id: msg.id,
    timestamp: signedTimestamp(Math.floor(nowMs / 1000), negative),
    event: msg.event,
  });
  const own = new Set(Object.keys(signed.headers).map((n) => n.toLowerCase()));
  const headers: HeaderList = Object.entries(target.headers).filter(
    ([n]) => !own.has(n.toLowerCase()) && n.toLowerCase() !== 'authorization',
  );
  headers.push(...Object.entries(signed.headers));
  let logged = headers.slice();
  if (target.basicAuth) {
    const token = Buffer.from(`${target.basicAuth.username}:${target.basicAuth.password}`).toString('base64');
    headers.push(['Authorization', `Basic ${token}`]);
    logged = [...logged, ['Authorization', `Basic ${MASK}`]];
  }
  // Kinde's body is the signed JWT itself, so the wire body comes from the signer.
  const mutated = afterSigning(
    target.profile,
    headers,
    signed.body !== undefined ? Buffer.from(signed.body, 'utf8') : msg.body,
    negative,
    material.custom,
  );
  const kept = new Set(mutated.headers.map(([n]) => n.toLowerCase()));
  return {
    headers: mutated.headers,
    loggedHeaders: logged.filter(([n]) => kept.has(n.toLowerCase())),
    body: mutated.body,
  };
}

/** The attempt deadline: FusionAuth-style connect + read timeouts, applied to the whole exchange. */
export const deadlineOf = (t: { connectTimeoutMs: number; readTimeoutMs: number }) =>
  t.connectTimeoutMs + t.readTimeoutMs;
