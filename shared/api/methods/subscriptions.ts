import { z } from 'zod';
import { secretProblem } from '../../validate/secret-format';
import { method } from '../define';
import { customHmacSchema } from '../../validate/custom-hmac';
import { headerRecordSchema } from '../../validate/http-header';
import { eventName, idString, pemText } from '../../validate/limits';
import { catalogs } from '../../catalog';
import { fusionAuthAlgorithms, profileIds, type ProfileId } from '../../model/signing';
import {
  TIMEOUT_LIMITS,
  transactionPolicies,
  type IssuedSecret,
  type Subscription,
  type SubscriptionHealth,
  type SubscriptionWithSecret,
} from '../../model/subscription';

export const httpUrl = z
  .url({
    protocol: /^https?$/,
    error: 'Enter an http:// or https:// URL, e.g. http://localhost:3000/webhooks',
  })
  .max(4096);
export const subscriptionId = z.string().trim().min(1).max(100);
const timeout = z
  .number()
  .int('Use whole milliseconds')
  .min(TIMEOUT_LIMITS.min, `At least ${TIMEOUT_LIMITS.min} ms`)
  .max(TIMEOUT_LIMITS.max, `At most ${TIMEOUT_LIMITS.max} ms`);
/** Shape only; the core also parses the certificate. */
export const PEM = /^\s*(-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END CERTIFICATE-----\s*)+$/;

export { customHmacSchema };

export const retryPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('profile') }).strict(),
  z
    .object({
      mode: z.literal('custom'),
      delaysMs: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(7 * 24 * 3600 * 1000),
        )
        .max(50),
      maxAttempts: z.number().int().min(1).max(50),
      jitter: z.number().min(0).max(1).default(0),
    })
    .strict(),
]);

/** Unknown events for a profile, as field errors keyed `events.<i>`. */
export function unknownEvents(profile: ProfileId, events: string[] | 'all'): Record<string, string[]> {
  if (events === 'all') return {};
  const known = new Set(catalogs[profile].map((e) => e.name));
  const errors: Record<string, string[]> = {};
  events.forEach((e, i) => {
    if (!known.has(e)) errors[`events.${i}`] = [`Unknown event "${e}" for ${profile}`];
  });
  return errors;
}

const fields = {
  name: z.string().trim().min(1, 'A name is required').max(200),
  description: z.string().max(2000),
  url: httpUrl,
  enabled: z.boolean(),
  events: z.union([z.literal('all'), z.array(eventName).min(1, 'Pick at least one event, or "all"').max(500)]),
  tenantIds: z.array(idString).max(100),
  global: z.boolean(),
  applicationIds: z.array(idString).max(100),
  headers: headerRecordSchema,
  basicAuth: z
    .object({ username: z.string().min(1).max(500), password: z.string().max(500) })
    .strict()
    .nullable(),
  connectTimeoutMs: timeout,
  readTimeoutMs: timeout,
  caCertificatePem: pemText
    .regex(PEM, 'Not a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)')
    .nullable(),
  custom: customHmacSchema.nullable(),
  retry: retryPolicySchema,
  transactionPolicy: z.enum(transactionPolicies),
};

/** A secret the user typed, or how to generate one (FusionAuth: the key algorithm). */
const secretChoice = {
  secret: z.string().min(1).max(4096).optional(),
  fusionAuthAlg: z.enum(fusionAuthAlgorithms).optional(),
};

export const createSubscriptionInput = z
  .object({
    id: subscriptionId.optional(),
    profile: z.enum(profileIds).default('standard-webhooks'),
    ...fields,
    description: fields.description.default(''),
    enabled: fields.enabled.default(true),
    events: fields.events.default('all'),
    tenantIds: fields.tenantIds.default([]),
    global: fields.global.default(false),
    applicationIds: fields.applicationIds.default([]),
    headers: fields.headers.default({}),
    basicAuth: fields.basicAuth.default(null),
    connectTimeoutMs: timeout.optional(),
    readTimeoutMs: timeout.optional(),
    caCertificatePem: fields.caCertificatePem.default(null),
    custom: fields.custom.default(null),
    retry: fields.retry.default({ mode: 'profile' }),
    transactionPolicy: fields.transactionPolicy.default('None'),
    ...secretChoice,
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [path, messages] of Object.entries(unknownEvents(v.profile, v.events))) {
      ctx.addIssue({
        code: 'custom',
        path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: messages[0]!,
      });
    }
    if (v.profile === 'custom-hmac' && !v.custom)
      ctx.addIssue({
        code: 'custom',
        path: ['custom'],
        message: 'The custom-hmac profile needs its header, algorithm, encoding and template',
      });
    const problem = v.secret === undefined ? null : secretProblem(v.profile, v.secret);
    if (problem) ctx.addIssue({ code: 'custom', path: ['secret'], message: problem });
  });

/**
 * Only the fields given change; events are checked against the resulting profile
 * by the core, and so is the secret kept (or given) when the profile changes.
 */
export const updateSubscriptionInput = z
  .object({
    id: subscriptionId,
    profile: z.enum(profileIds).optional(),
    /** A new shared secret, e.g. together with a profile the current one does not fit. */
    secret: secretChoice.secret,
    ...Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.optional()])),
  } as {
    id: typeof subscriptionId;
    profile: z.ZodOptional<z.ZodEnum<{ [K in ProfileId]: K }>>;
    secret: typeof secretChoice.secret;
  } & { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> })
  .strict();

const byId = z.object({ id: subscriptionId }).strict();

export const subscriptionMethods = {
  listSubscriptions: method<Subscription[]>()(z.object({}).strict().optional(), 'Every subscription, secrets masked.'),
  getSubscription: method<Subscription>()(byId, 'One subscription, secret masked.'),
  createSubscription: method<SubscriptionWithSecret>()(
    createSubscriptionInput,
    'Creates a subscription; the secret (generated or given) is returned this once only.',
  ),
  updateSubscription: method<Subscription>()(updateSubscriptionInput, 'Changes the given fields of a subscription.'),
  deleteSubscription: method<{ deleted: boolean; cancelledDeliveries: number }>()(
    byId,
    'Deletes a subscription and cancels its pending retries.',
  ),
  setSubscriptionEnabled: method<Subscription>()(
    z.object({ id: subscriptionId, enabled: z.boolean() }).strict(),
    'Disables or reactivates a subscription.',
  ),
  regenerateSecret: method<{ subscription: Subscription; issued: IssuedSecret }>()(
    z.object({ id: subscriptionId, ...secretChoice }).strict(),
    'Replaces the secret (a new one, or the one given); returned this once only. The old one stops working at once.',
  ),
  subscriptionHealth: method<SubscriptionHealth>()(
    byId,
    'Success rate and requests over 24 h, last outcome, p50/p95 latency, consecutive failures, hourly buckets.',
  ),
};
