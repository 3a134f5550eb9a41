import { z } from 'zod';
import { method } from '../define';
import type { CheckReport } from '../../model/check';
import { profileIds } from '../../model/signing';
import { adHocTarget } from './delivery';
import { subscriptionId } from './subscriptions';

export const checkEndpointInput = z
  .object({
    /** A saved subscription (its secret, headers, auth and read timeout), or a URL signed with a secret given now. */
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('subscription'), id: subscriptionId }).strict(),
      z.object({ kind: z.literal('url'), provider: z.enum(profileIds), ...adHocTarget.shape }).strict(),
    ]),
    /** Events whose correctly signed delivery must be accepted; default: one the target subscribes to. */
    events: z.array(z.string().trim().min(1)).min(1).max(20).optional(),
    /** Overrides the provider's (or the subscription's read) timeout answers are held to. */
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    /** Concurrent deliveries in the burst check. */
    burst: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const checkMethods = {
  checkEndpoint: method<CheckReport>()(
    checkEndpointInput,
    'Grades a receiver the way its provider stresses it: correct deliveries within the timeout, rejection of forged ones (wrong, missing or foreign signatures, altered bodies, stale or future timestamps), duplicates, order, unknown events, rotation and a burst. Nothing is written to the log.',
  ),
};
