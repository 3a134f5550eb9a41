import type { CheckId, CheckItem } from '../../../shared/model/check';
import type { ProfileId } from '../../../shared/model/signing';
import { getProfile } from '../signing';
import type { CheckRun } from './check-run';
import { signatureHeaderOf } from './mutations';
import type { Verdict } from './verdicts';

/** One check: defined once here, run for the CLI, the API and the UI alike. */
export interface CheckDefinition {
  id: CheckId;
  title: string;
  required: boolean;
  /** True, or why the check does not apply to this profile. */
  appliesTo(profile: ProfileId): true | string;
  run(ctx: CheckRun, earlier: ReadonlyMap<CheckId, CheckItem>): Promise<Verdict>;
}

export const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
export const label = (p: ProfileId) => getProfile(p).info.label;
export const HEADER_TOKEN: ReadonlySet<ProfileId> = new Set(['okta', 'auth0']);
/** Profiles whose signature header carries several signatures while secrets rotate. */
export const ROTATION: ReadonlySet<ProfileId> = new Set(['standard-webhooks', 'svix', 'clerk', 'supabase', 'stripe']);

function verifyWhat(ctx: CheckRun): string {
  const p = ctx.profile;
  if (p === 'kinde') return 'the JWT body against the tenant JWKS';
  if (HEADER_TOKEN.has(p)) return `the "${signatureHeaderOf(p)}" header against your configured secret`;
  return `"${signatureHeaderOf(p, ctx.target.material.custom?.header)}" over the raw body`;
}

export const fixVerify = (ctx: CheckRun) =>
  `Verify ${verifyWhat(ctx)} (as ${label(ctx.profile)} documents) before acting, and answer 401 when it fails.`;

export function noTimestamp(p: ProfileId): true | string {
  return getProfile(p).info.defaultToleranceSeconds === null
    ? `${label(p)} sends no timestamp a receiver could check.`
    : true;
}
