import { randomBytes } from 'node:crypto';
import { generateSecret } from '../signing/secrets';
import { label, ROTATION, seconds, type CheckDefinition } from './check-kit';
import { UNKNOWN_EVENT, withUnknownEventType } from './mutations';
import { answer, expectAccepted, fail, ok, p95, pass } from './verdicts';

/** Valid deliveries, answered 2xx and in time (and Okta’s verification request). */
export const answerChecks: CheckDefinition[] = [
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
];

/** What providers really do that a receiver must live with: repeats, disorder, new events, rotation, bursts. */
export const toleranceChecks: CheckDefinition[] = [
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
