import { getProfile } from '../signing';
import { alterJwtClaims, signatureHeaderOf, tamperHeader, tamperJwtBody } from './mutations';
import { fixVerify, label, HEADER_TOKEN, noTimestamp, type CheckDefinition } from './check-kit';
import { expectRejected } from './verdicts';

/** What a forged or broken delivery must get: a 4xx. */
export const rejectionChecks: CheckDefinition[] = [
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
];
