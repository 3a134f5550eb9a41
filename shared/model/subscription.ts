import type { CustomHmacConfig, FusionAuthAlgorithm, ProfileId } from './signing';
import type { ExchangeSummary, HeaderList } from './exchange';

/**
 * A subscription: where the engine delivers events and how, the union of the
 * seed systems' webhook fields. Secrets never appear here: after creation the
 * core only hands out a masked hint.
 */

/** FusionAuth's per-event transaction policies: how many webhooks must answer 2xx for the API call to succeed. */
export const transactionPolicies = ['None', 'Any', 'SimpleMajority', 'SuperMajority', 'AbsoluteMajority'] as const;
export type TransactionPolicy = (typeof transactionPolicies)[number];

/** `profile` follows the signing profile's documented schedule; `custom` is the user's own. */
export type RetryPolicy =
  | { mode: 'profile' }
  | {
      mode: 'custom';
      /** Delay before each retry in ms (the first send is immediate and not listed). */
      delaysMs: number[];
      /** Total attempts including the first; attempts beyond the listed delays reuse the last delay. */
      maxAttempts: number;
      /** 0–1: each delay is moved by up to this fraction either way, so retries of many deliveries spread out. */
      jitter: number;
    };

/** Connect/read timeouts in ms, bounded like FusionAuth's API bounds them (both required there). */
export const TIMEOUT_LIMITS = { min: 100, max: 120_000 } as const;

export interface Subscription {
  id: string;
  name: string;
  description: string;
  url: string;
  enabled: boolean;
  /** Why the engine disabled it (e.g. a 410 answer), null when the user did or it is enabled. */
  disabledReason: string | null;
  /** 'all' subscribes to every event of the profile, including ones added later. */
  events: string[] | 'all';
  /** FusionAuth scoping: events of these tenants only, unless `global`. Empty = no tenant filter. */
  tenantIds: string[];
  global: boolean;
  /** Legacy FusionAuth (before 1.37): events of these applications only. Empty = no filter. */
  applicationIds: string[];
  /** Sent on every request, before the signature headers (which they can never override). */
  headers: Record<string, string>;
  /** The password is a secret: only whether one is set is ever returned. */
  basicAuth: { username: string; hasPassword: boolean } | null;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** PEM certificate(s) trusted for this endpoint's TLS, e.g. a self-signed dev server's. */
  caCertificatePem: string | null;
  profile: ProfileId;
  custom: CustomHmacConfig | null;
  /** FusionAuth signing key metadata (the key itself is secret). */
  fusionAuthKey: { kid: string; alg: FusionAuthAlgorithm } | null;
  /** e.g. `whsec_…Xk2w`: enough to tell secrets apart, never enough to use one. */
  secretHint: string;
  retry: RetryPolicy;
  transactionPolicy: TransactionPolicy;
  createdAt: string;
  updatedAt: string;
}

/** Shown exactly once: on creation and on regeneration. */
export interface IssuedSecret {
  /** The shared secret (HMAC profiles, FusionAuth HMAC keys). */
  secret?: string;
  /** FusionAuth asymmetric keys: what the receiver verifies with. */
  publicKeyPem?: string;
  jwks?: { keys: Record<string, unknown>[] };
  kid?: string;
}

export interface SubscriptionWithSecret {
  subscription: Subscription;
  issued: IssuedSecret;
}

/** Deliberate mistakes a send can make, to check that a receiver rejects them. */
export interface NegativeOptions {
  wrongSecret?: boolean;
  /** Seconds added to the signed timestamp (negative = in the past). */
  timestampSkewSeconds?: number;
  alterBodyAfterSigning?: boolean;
  dropSignatureHeader?: boolean;
  /** Send each delivery twice with the same message id (`webhook-id`). */
  duplicate?: boolean;
  /** Send a batch's events in reverse order. */
  outOfOrder?: boolean;
}

export interface TransactionOutcome {
  policy: TransactionPolicy;
  /** False for non-transactional events (`*.complete`), which succeed regardless. */
  transactional: boolean;
  webhooks: number;
  succeeded: number;
  /** Whether the originating FusionAuth API call would have succeeded. */
  succeededCall: boolean;
  /** Present when the call would fail: FusionAuth answers 504 with this code. */
  error: { status: 504; code: '[WebhookTransactionException]' } | null;
  /** Failed webhooks are retried only when the transaction succeeded. */
  retriesScheduled: boolean;
}

export interface EmittedDelivery {
  deliveryId: string;
  subscriptionId: string | null;
  url: string;
  /** Filled when the call waited for the first attempt (or for a FusionAuth transaction). */
  firstAttempt?: AttemptSummary;
}

/**
 * A destination an event matched but nothing was sent to, and why, so the UI
 * can name the subscription and the field to fix (e.g. a secret saved before
 * secrets were checked, or one that can no longer be unsealed).
 */
export interface RefusedDestination {
  subscriptionId: string;
  /** The subscription's name, as the user knows it. */
  name: string;
  url: string;
  /** The field of that subscription to fix, e.g. `secret`. */
  field: string;
  /** One sentence naming what is wrong; never the secret itself. */
  message: string;
}

/**
 * What an emit (or replay) did, per destination: `deliveries` were created and
 * sent (or queued, their first attempt scheduled); `refused` matched but could
 * not be signed, so nothing went to them. A fan-out sends to every destination
 * it can; when it could send to none and refused some, the call fails instead
 * (code `failed`, fieldErrors keyed `subscriptions.<id>.<field>`).
 */
export interface EmitResult {
  eventId: string;
  deliveries: EmittedDelivery[];
  refused: RefusedDestination[];
  transaction: TransactionOutcome | null;
}

export interface AttemptSummary {
  status: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number | null;
  timings: { connectMs: number | null; firstByteMs: number | null; totalMs: number | null } | null;
  responseHeaders: HeaderList;
  responseBody: string;
  responseTruncated: boolean;
  /** When the engine tries again, if this attempt is to be retried. */
  nextAttemptAt: string | null;
}

export interface TestSendResult {
  event: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  body: string;
  durationMs: number | null;
}

export interface HealthBucket {
  /** Start of the hour, ISO. */
  hour: string;
  succeeded: number;
  failed: number;
}

export interface SubscriptionHealth {
  subscriptionId: string;
  /** Deliveries created in the last 24 h (one per event, whatever its attempts, as Logto counts). */
  totalRequests: number;
  totalAttempts: number;
  succeeded: number;
  failed: number;
  /** succeeded / (succeeded + failed) over the last 24 h; null when nothing finished. */
  successRate: number | null;
  lastOutcome: { outcome: string; status: number | null; at: string } | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Finished deliveries that failed since the last success. */
  consecutiveFailures: number;
  /** 24 hourly buckets, oldest first, for a sparkline. */
  hourly: HealthBucket[];
}

/** Pushed as 'delivery.updated' whenever a delivery's state changes. */
export interface DeliveryChange {
  id: string;
  subscriptionId: string | null;
  outcome: 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  lastStatus: number | null;
  nextAttemptAt: string | null;
  /** The delivery's whole list row, so a list shows a new delivery without reading it back. */
  row: ExchangeSummary;
}

/** Pushed as 'subscription.changed' after a subscription was created, changed (or disabled by the engine) or deleted. */
export interface SubscriptionChange {
  id: string;
  change: 'created' | 'updated' | 'deleted';
}
