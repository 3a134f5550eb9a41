import { z } from 'zod';
import { method } from '../define';
import { fusionAuthAlgorithms, profileIds } from '../../model/signing';
import type { EmitResult, TestSendResult } from '../../model/subscription';
import { transactionPolicies } from '../../model/subscription';
import { customHmacSchema, httpUrl, subscriptionId } from './subscriptions';
import { headerRecordSchema } from '../../validate/http-header';
import { eventName, idString, jwkSchema, pemText, scopeId } from '../../validate/limits';

export const negativeSchema = z
  .object({
    wrongSecret: z.boolean().optional(),
    timestampSkewSeconds: z
      .number()
      .int()
      .min(-10 * 365 * 86400)
      .max(10 * 365 * 86400)
      .optional(),
    alterBodyAfterSigning: z.boolean().optional(),
    dropSignatureHeader: z.boolean().optional(),
    duplicate: z.boolean().optional(),
    outOfOrder: z.boolean().optional(),
  })
  .strict();

/** A target outside the subscriptions: one URL signed with a profile and secret given now (never stored). */
export const adHocTarget = z
  .object({
    url: httpUrl,
    secret: z.string().min(1).max(4096).optional(),
    fusionAuthKey: z
      .object({
        kid: idString,
        alg: z.enum(fusionAuthAlgorithms),
        secret: z.string().max(4096).optional(),
        privateJwk: jwkSchema.optional(),
      })
      .strict()
      .optional(),
    custom: customHmacSchema.optional(),
    headers: headerRecordSchema.default({}),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(5000),
    readTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    caCertificatePem: pemText.optional(),
  })
  .strict();

const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matching') }).strict(),
  z.object({ kind: z.literal('subscription'), id: subscriptionId }).strict(),
  z.object({ kind: z.literal('url'), ...adHocTarget.shape }).strict(),
]);

/** Payloads are JSON text sent byte for byte; the core refuses text that does not parse. */
const payload = z
  .string()
  .min(1, 'The payload is empty')
  .max(5 * 1024 * 1024);

const emitItem = z.object({ event: eventName, payload }).strict();

export const emitInput = z
  .object({
    provider: z.enum(profileIds),
    event: eventName.optional(),
    payload: payload.optional(),
    /** Several events sent in order (or reversed, with negative.outOfOrder). */
    batch: z.array(emitItem).min(1).max(100).optional(),
    target: target.default({ kind: 'matching' }),
    /** FusionAuth scoping when the payload does not say (event.tenantId / applicationId). */
    tenantId: scopeId.optional(),
    applicationId: scopeId.optional(),
    /** Overrides the subscriptions' transaction policy for this event. */
    transactionPolicy: z.enum(transactionPolicies).optional(),
    negative: negativeSchema.optional(),
    /** Wait for the first attempt of every delivery and return its result. */
    wait: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.batch && (!v.event || v.payload === undefined))
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'Give event and payload, or a batch' });
    if (v.batch && (v.event || v.payload !== undefined))
      ctx.addIssue({ code: 'custom', path: ['batch'], message: 'Give either event + payload or a batch, not both' });
  });

export const deliveryMethods = {
  emit: method<EmitResult>()(
    emitInput,
    'Sends an event (or a batch) to matching enabled subscriptions, one subscription, or an ad-hoc URL; returns delivery ids and, for FusionAuth, the transaction outcome.',
  ),
  testSend: method<TestSendResult[]>()(
    z
      .object({
        id: subscriptionId,
        events: z.array(eventName).min(1).max(100),
        negative: negativeSchema.optional(),
      })
      .strict(),
    "Sends each event's sample payload to one subscription and reports status and body; not written to the delivery log.",
  ),
  replay: method<EmitResult>()(
    z
      .object({
        /** A delivery or capture id from the log. */
        id: idString,
        body: payload.optional(),
        target: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('original') }).strict(),
            z.object({ kind: z.literal('subscription'), id: subscriptionId }).strict(),
            z
              .object({ kind: z.literal('url'), provider: z.enum(profileIds).optional(), ...adHocTarget.shape })
              .strict(),
          ])
          .default({ kind: 'original' }),
        wait: z.boolean().default(false),
      })
      .strict(),
    'Sends a logged delivery or capture again, re-signed with a fresh timestamp; optionally an edited body or another target. Creates a new delivery.',
  ),
  cancelDelivery: method<{ cancelled: boolean }>()(
    z.object({ id: idString }).strict(),
    "Cancels a delivery's pending retries.",
  ),
};
