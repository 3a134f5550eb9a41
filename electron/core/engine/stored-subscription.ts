import { z } from 'zod';
import { customHmacSchema, retryPolicySchema } from '../../../shared/api/methods/subscriptions';
import { fusionAuthAlgorithms, profileIds, type FusionAuthKey } from '../../../shared/model/signing';
import { transactionPolicies } from '../../../shared/model/subscription';
import type { SubscriptionRecord } from '../store/settings/records';

/** What is sealed by the SecretBox in the record's `secret` field. */
export interface SealedMaterial {
  secrets: string[];
  keys?: FusionAuthKey[];
  basicAuthPassword?: string;
}

/** A subscription as the settings store holds it (see SubscriptionRecord). */
export type StoredSubscription = SubscriptionRecord;

const materialSchema = z.looseObject({
  secrets: z.array(z.string()),
  keys: z
    .array(z.looseObject({ kid: z.string(), alg: z.enum(fusionAuthAlgorithms) }))
    .optional()
    .transform((k) => k as FusionAuthKey[] | undefined),
  basicAuthPassword: z.string().optional(),
});

/**
 * The sealed material: JSON as this service writes it or — from a hand-edited
 * settings file — the plain secret itself. Null when it is neither; never
 * throws, and never puts the text in a message (it is a secret).
 */
export function readMaterial(raw: string | null): SealedMaterial | null {
  if (raw === null || raw === '') return null;
  if (!raw.trimStart().startsWith('{')) return { secrets: [raw] };
  try {
    const parsed = materialSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Custom headers as sealed JSON; an object from a file written before they were
 * sealed is read as it is. Null (the repository could not unseal them) or
 * anything else unreadable gives null.
 */
export function readHeaders(raw: unknown): Record<string, string> | null {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (value === undefined) return {};
  const parsed = z.record(z.string(), z.string()).safeParse(value);
  return parsed.success ? parsed.data : null;
}

const iso = z.string().default(() => new Date(0).toISOString());

/** The record's shape; defaults fill what older files lack, anything else wrong makes the record unusable. */
const storedSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().default(''),
  description: z.string().default(''),
  url: z.string(),
  enabled: z.boolean().default(true),
  disabledReason: z.string().nullable().default(null),
  events: z.union([z.literal('all'), z.array(z.string())]).default('all'),
  tenantIds: z.array(z.string()).default([]),
  global: z.boolean().default(false),
  applicationIds: z.array(z.string()).default([]),
  headers: z.unknown(),
  basicAuthUsername: z.string().nullable().default(null),
  connectTimeoutMs: z.number().int().positive().default(2000),
  readTimeoutMs: z.number().int().positive().default(10_000),
  caCertificatePem: z.string().nullable().default(null),
  profile: z.enum(profileIds),
  custom: customHmacSchema.nullable().default(null),
  fusionAuthKey: z
    .object({ kid: z.string(), alg: z.enum(fusionAuthAlgorithms) })
    .nullable()
    .default(null),
  secretHint: z.string().default(''),
  retry: retryPolicySchema.default({ mode: 'profile' }),
  transactionPolicy: z.enum(transactionPolicies).default('None'),
  createdAt: iso,
  updatedAt: iso,
  secret: z.string().nullable().default(null),
});

export interface ReadSubscription {
  stored: StoredSubscription;
  /** Why this subscription cannot deliver (unreadable record, secret or headers), or null. */
  problem: string | null;
  /** The record itself could not be read: `stored` is a disabled placeholder that must not be written back. */
  placeholder?: true;
  /** A sealed field could not be unsealed: the settings repository has already said so. */
  unsealed?: true;
}

function placeholder(record: Record<string, unknown>): StoredSubscription {
  const text = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const profile = profileIds.find((p) => p === record.profile) ?? 'standard-webhooks';
  const epoch = new Date(0).toISOString();
  return {
    id: text(record.id, '?'),
    name: text(record.name, text(record.id, '?')),
    description: '',
    url: text(record.url, ''),
    enabled: false,
    disabledReason: null,
    events: 'all',
    tenantIds: [],
    global: false,
    applicationIds: [],
    headers: null,
    basicAuthUsername: null,
    connectTimeoutMs: 2000,
    readTimeoutMs: 10_000,
    caCertificatePem: null,
    profile,
    custom: null,
    fusionAuthKey: null,
    secretHint: '',
    retry: { mode: 'profile' },
    transactionPolicy: 'None',
    createdAt: text(record.createdAt, epoch),
    updatedAt: text(record.updatedAt, epoch),
    secret: null,
  };
}

/**
 * A stored record as the service can use it, or a disabled placeholder with
 * the reason when settings.json holds something it cannot read (a hand edit, a
 * secret sealed with another key). Never throws: one bad record must not turn
 * every list or emit into an error.
 */
export function readStoredSubscription(record: Record<string, unknown>): ReadSubscription {
  const parsed = storedSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || 'the record';
    return {
      stored: placeholder(record),
      problem: `its ${where} in settings.json cannot be read (${issue.message})`,
      placeholder: true,
    };
  }
  const stored = { ...parsed.data, headers: null } as StoredSubscription;
  const rawHeaders = parsed.data.headers;
  const headers = readHeaders(rawHeaders);
  stored.headers = headers ? JSON.stringify(headers) : null;
  if (rawHeaders === null)
    return { stored, problem: 'its custom headers could not be unsealed (was secret.key replaced?)', unsealed: true };
  if (!headers) return { stored, problem: 'its custom headers in settings.json cannot be read' };
  if (stored.secret === null)
    return { stored, problem: 'its secret could not be unsealed (was secret.key replaced?)', unsealed: true };
  if (!readMaterial(stored.secret)) return { stored, problem: 'its stored secret is not in a form Hookbench can read' };
  return { stored, problem: null };
}
