import { randomBytes } from 'node:crypto';
import type { CheckId, CheckItem } from '../../../shared/model/check';
import type { ProfileId } from '../../../shared/model/signing';
import { getProfile } from '../signing';
import { generateSecret } from '../signing/secrets';
import type { CheckRun } from './check-run';
import {
  alterJwtClaims,
  signatureHeaderOf,
  tamperHeader,
  tamperJwtBody,
  UNKNOWN_EVENT,
  withUnknownEventType,
} from './mutations';
import { answer, expectAccepted, expectRejected, fail, ok, p95, pass, type Verdict } from './verdicts';

export interface CheckDefinition {
  id: CheckId;
  title: string;
  required: boolean;
  /** True, or why the check does not apply to this profile. */
  appliesTo(profile: ProfileId): true | string;
  run(ctx: CheckRun, earlier: ReadonlyMap<CheckId, CheckItem>): Promise<Verdict>;
}

const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
const label = (p: ProfileId) => getProfile(p).info.label;
const HEADER_TOKEN: ReadonlySet<ProfileId> = new Set(['okta', 'auth0']);
/** Profiles whose signature header carries several signatures while secrets rotate. */
const ROTATION: ReadonlySet<ProfileId> = new Set(['standard-webhooks', 'svix', 'clerk', 'supabase', 'stripe']);

function verifyWhat(ctx: CheckRun): string {
  const p = ctx.profile;
  if (p === 'kinde') return 'the JWT body against the tenant JWKS';
  if (HEADER_TOKEN.has(p)) return `the "${signatureHeaderOf(p)}" header against your configured secret`;
  return `"${signatureHeaderOf(p, ctx.target.material.custom?.header)}" over the raw body`;
}

const fixVerify = (ctx: CheckRun) =>
  `Verify ${verifyWhat(ctx)} (as ${label(ctx.profile)} documents) before acting, and answer 401 when it fails.`;

function noTimestamp(p: ProfileId): true | string {
  return getProfile(p).info.defaultToleranceSeconds === null
    ? `${label(p)} sends no timestamp a receiver could check.`
    : true;
}

export const checkDefinitions: CheckDefinition[] = [
  {
    id: 'accepts-signed',
    title: 'Accepts a correctly signed delivery of each event',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const xs = [];
      for (const [i, e] of ctx.events.entries())
        xs.push(await ctx.send(`${e} (correctly signed)`, e, ctx.sample(e, i + 1)));
      return expectAccepted(
        xs,
        `${xs.length} correctly signed deliver${xs.length === 1 ? 'y' : 'ies'}`,
        `Answer 2xx to every valid delivery of the events you subscribed to. If verification fails here, check the secret and that you hash the raw request bytes.`,
      );
    },
  },
  {
    id: 'answers-in-time',
    title: 'Answers within the provider’s timeout',
    required: true,
    appliesTo: () => true,
    async run(ctx, earlier) {
      const xs = earlier.get('accepts-signed')?.exchanges ?? [];
      const late = xs.filter((x) => x.status === null || (x.durationMs ?? Infinity) > ctx.timeoutMs);
      const slowest = Math.max(0, ...xs.map((x) => x.durationMs ?? 0));
      if (!late.length)
        return pass(`Every answer came within ${seconds(ctx.timeoutMs)} (slowest ${Math.round(slowest)} ms).`, xs);
      return fail(
        `${late.length} of ${xs.length} took longer than ${label(ctx.profile)}'s ${seconds(ctx.timeoutMs)}: ${late.map((x) => `${x.label} ${answer(x)}`).join('; ')}. ${label(ctx.profile)} counts that as a failure and retries.`,
        `Acknowledge first (2xx), then do the slow work in a queue or background job.`,
        xs,
      );
    },
  },
  {
    id: 'okta-verification',
    title: 'Answers Okta’s one-time verification request',
    required: true,
    appliesTo: (p) => (p === 'okta' ? true : 'Only Okta event hooks verify the endpoint with a challenge.'),
    async run(ctx) {
      const challenge = randomBytes(24).toString('base64url');
      const x = await ctx.get('GET with X-Okta-Verification-Challenge', [
        ['X-Okta-Verification-Challenge', challenge],
        ['Authorization', ctx.target.material.secrets[0] ?? ''],
      ]);
      let echoed: unknown;
      try {
        echoed = (JSON.parse(x.body) as { verification?: unknown }).verification;
      } catch {
        echoed = undefined;
      }
      const { body: _body, ...evidence } = x;
      if (ok(x) && echoed === challenge)
        return pass(`Echoed the challenge as {"verification": …} (${answer(x)}).`, [evidence]);
      return fail(
        ok(x)
          ? `${answer(x)} but the body does not echo the challenge as {"verification": "<value>"}.`
          : `${answer(x)} to the verification GET.`,
        'Answer the GET carrying X-Okta-Verification-Challenge with 200 and the JSON body {"verification": "<that header value>"}.',
        [evidence],
      );
    },
  },
  {
    id: 'rejects-tampered-signature',
    title: 'Rejects a wrong signature',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const header = signatureHeaderOf(ctx.profile, ctx.target.material.custom?.header);
      const x = await ctx.send('signature changed in one character', e, ctx.sample(e), {
        mutate: (r) =>
          header
            ? { ...r, headers: tamperHeader(r.headers, header), loggedHeaders: tamperHeader(r.loggedHeaders, header) }
            : { ...r, body: tamperJwtBody(r.body) },
      });
      return expectRejected(x, 'a delivery whose signature was changed', fixVerify(ctx));
    },
  },
  {
    id: 'rejects-missing-signature',
    title: 'Rejects a delivery without the signature header',
    required: true,
    appliesTo: (p) => (p === 'kinde' ? 'Kinde signs the body itself: there is no header to leave out.' : true),
    async run(ctx) {
      const e = ctx.events[0]!;
      const x = await ctx.send('signature header left out', e, ctx.sample(e), {
        negative: { dropSignatureHeader: true },
      });
      return expectRejected(
        x,
        `a delivery without "${signatureHeaderOf(ctx.profile, ctx.target.material.custom?.header)}"`,
        fixVerify(ctx),
      );
    },
  },
  {
    id: 'rejects-altered-body',
    title: 'Rejects a body altered after signing',
    required: true,
    appliesTo: (p) =>
      HEADER_TOKEN.has(p) ? `${label(p)} does not sign the body: a receiver cannot tell it was altered.` : true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const x =
        ctx.profile === 'kinde'
          ? await ctx.send('a claim changed inside the JWT', e, ctx.sample(e), {
              mutate: (r) => ({ ...r, body: alterJwtClaims(r.body) }),
            })
          : await ctx.send('one space added to the body after signing', e, ctx.sample(e), {
              negative: { alterBodyAfterSigning: true },
            });
      return expectRejected(
        x,
        'a body changed after signing',
        `${fixVerify(ctx)} Hash the raw bytes as received, never re-serialized JSON.`,
        'whoever sits between the provider and you can change what you process',
      );
    },
  },
  {
    id: 'rejects-other-secret',
    title: 'Rejects a signature made with another secret',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const x = await ctx.send('signed with another secret', e, ctx.sample(e), { negative: { wrongSecret: true } });
      return expectRejected(x, 'a delivery signed with another secret', fixVerify(ctx));
    },
  },
  {
    id: 'rejects-stale-timestamp',
    title: 'Rejects a stale timestamp (replay)',
    required: true,
    appliesTo: noTimestamp,
    async run(ctx) {
      const e = ctx.events[0]!;
      const tolerance = getProfile(ctx.profile).info.defaultToleranceSeconds!;
      const skew = -(tolerance + 60);
      const x = await ctx.send(`timestamp ${-skew} s old`, e, ctx.sample(e), {
        negative: { timestampSkewSeconds: skew },
      });
      return expectRejected(
        x,
        `a delivery signed ${-skew} s ago (tolerance ${tolerance} s)`,
        `Reject timestamps older than ${tolerance} s, so a captured delivery cannot be replayed.`,
        'a captured delivery can be replayed later',
      );
    },
  },
  {
    id: 'rejects-future-timestamp',
    title: 'Rejects a timestamp from the future',
    required: true,
    appliesTo: (p) => {
      const t = noTimestamp(p);
      if (t !== true) return t;
      return getProfile(p).info.toleranceDirection === 'both'
        ? true
        : `${label(p)}'s docs only reject timestamps that are too old.`;
    },
    async run(ctx) {
      const e = ctx.events[0]!;
      const tolerance = getProfile(ctx.profile).info.defaultToleranceSeconds!;
      const skew = tolerance + 60;
      const x = await ctx.send(`timestamp ${skew} s ahead`, e, ctx.sample(e), {
        negative: { timestampSkewSeconds: skew },
      });
      return expectRejected(
        x,
        `a delivery stamped ${skew} s in the future`,
        `Reject timestamps more than ${tolerance} s away from your clock in either direction.`,
        'a delivery signed ahead of time stays replayable for longer',
      );
    },
  },
  {
    id: 'accepts-duplicate',
    title: 'Accepts a duplicate delivery (idempotency)',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const body = ctx.sample(e, 7);
      const id = `msg_dup_${randomBytes(9).toString('base64url')}`;
      const first = await ctx.send(`${e} (first copy)`, e, body, { id });
      const second = await ctx.send(`${e} (same message again)`, e, body, { id });
      return expectAccepted(
        [first, second],
        'the same message twice',
        `Providers deliver at least once: answer 2xx to a message you already processed (keep its id, skip the work).`,
      );
    },
  },
  {
    id: 'accepts-out-of-order',
    title: 'Accepts deliveries out of order',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const newer = await ctx.send(`${e} (newer, sent first)`, e, ctx.sample(e, 11));
      const older = await ctx.send(`${e} (60 s older, sent second)`, e, ctx.sample(e, 12, 60));
      return expectAccepted(
        [newer, older],
        'an older event after a newer one',
        'Do not assume order: compare the event’s own timestamp or version with what you stored instead of failing.',
      );
    },
  },
  {
    id: 'accepts-unknown-event',
    title: 'Tolerates an unknown event type',
    required: true,
    appliesTo: (p) =>
      p === 'supabase' ? 'Supabase calls one endpoint per hook; its payload names no event type.' : true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const body = JSON.stringify(withUnknownEventType(ctx.profile, JSON.parse(ctx.sample(e, 5))));
      const event = ctx.profile === 'github' ? UNKNOWN_EVENT : e;
      const x = await ctx.send(`event type "${UNKNOWN_EVENT}"`, event, body);
      return expectAccepted(
        [x],
        'an event type it does not know',
        'Providers add event types: answer 2xx to unknown types and ignore them.',
      );
    },
  },
  {
    id: 'accepts-rotation',
    title: 'Accepts a secret rotation (several signatures)',
    required: true,
    appliesTo: (p) => (ROTATION.has(p) ? true : `${label(p)} sends one signature at a time.`),
    async run(ctx) {
      const e = ctx.events[0]!;
      const old = generateSecret(ctx.profile);
      const material = { ...ctx.target.material, secrets: [old, ...ctx.target.material.secrets] };
      const x = await ctx.send('two signatures: a retired secret first, yours second', e, ctx.sample(e), { material });
      return expectAccepted(
        [x],
        'a header with two signatures',
        `During a rotation ${label(ctx.profile)} signs with both secrets: accept the request when any one signature matches.`,
      );
    },
  },
  {
    id: 'burst',
    title: 'Answers quickly under a small burst',
    required: true,
    appliesTo: () => true,
    async run(ctx) {
      const e = ctx.events[0]!;
      const xs = await Promise.all(
        Array.from({ length: ctx.burstSize }, (_, i) =>
          ctx.send(`burst ${i + 1}/${ctx.burstSize}`, e, ctx.sample(e, 100 + i)),
        ),
      );
      const failed = xs.filter((x) => !ok(x));
      const q = p95(xs.map((x) => x.durationMs ?? ctx.deadlineMs));
      const summary = `${ctx.burstSize} concurrent deliveries: ${xs.length - failed.length} answered 2xx, p95 ${Math.round(q)} ms (timeout ${seconds(ctx.timeoutMs)})`;
      if (!failed.length && q <= ctx.timeoutMs) return pass(`${summary}.`, xs);
      return fail(
        `${summary}${failed.length ? `; first failure: ${failed[0]!.label} ${answer(failed[0]!)}` : ''}.`,
        'Handle concurrent deliveries: acknowledge quickly and process in the background; avoid a global lock per request.',
        xs,
      );
    },
  },
];
