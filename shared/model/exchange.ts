/**
 * Records of the exchange store, shared by the engine (outbound deliveries and
 * their attempts), the receiver (inbound captures), the store and the UI.
 * Times are ISO-8601 strings so the same shapes cross every door as JSON.
 */

/** Headers in the order they were sent or received; repeated names stay repeated. */
export type HeaderList = [name: string, value: string][];

export type ExchangeKind = 'delivery' | 'capture';

/**
 * Deliveries move pending → retrying → succeeded | failed | cancelled.
 * Captures use succeeded (accepted), failed (accepted but the signature did not
 * verify) and rejected (answered with an error before reaching an inbox: 413,
 * unknown inbox).
 */
export const outcomes = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled', 'rejected'] as const;
export type Outcome = (typeof outcomes)[number];
export type DeliveryOutcome = Exclude<Outcome, 'rejected'>;

export const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'] as const;
/** 'none' means no HTTP status at all (not sent yet, connection error, timeout). */
export type StatusClass = (typeof statusClasses)[number];

/** What a writer hands to the store: text, raw bytes, or nothing. */
export type BodyInput = string | Uint8Array | null;

/**
 * A body as the store returns it. Bodies above the configured cap are kept
 * truncated: `size` is the full length in bytes, `truncated` says the stored
 * bytes are only the first part. Binary bodies keep their bytes (base64 here).
 */
export interface BodyView {
  isText: boolean;
  /** The body as text when it is valid UTF-8, else null. */
  text: string | null;
  /** The stored bytes as base64 when the body is binary, else null. */
  base64: string | null;
  size: number;
  truncated: boolean;
}

export interface Timings {
  connectMs: number | null;
  firstByteMs: number | null;
  totalMs: number | null;
}

export interface RequestOf<B> {
  method: string;
  url: string;
  headers: HeaderList;
  body: B;
}

export interface ResponseOf<B> {
  status: number;
  headers: HeaderList;
  body: B;
}

/** The subscription id of deliveries sent to an ad-hoc URL: their secret is never stored, so they are neither retried nor re-signed. */
export const AD_HOC = 'ad-hoc';

/** One per event × subscription, created when the engine schedules the send. */
export interface DeliveryOf<B> {
  id: string;
  createdAt: string;
  eventType: string;
  eventId: string;
  subscriptionId: string;
  /** The signing profile used (stripe, github, standard-webhooks…), if any. */
  profile: string | null;
  targetUrl: string;
  outcome: DeliveryOutcome;
  lastStatus: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  durationMs: number | null;
  /** The request as sent on the first attempt (headers in order, signed body). */
  request: RequestOf<B>;
  /** The delivery or capture this delivery replays, when it is a replay. */
  replayOf: string | null;
}

/** One try of a delivery; `n` counts from 1. */
export interface AttemptOf<B> {
  deliveryId: string;
  n: number;
  startedAt: string;
  request: { headers: HeaderList; body: B };
  response: ResponseOf<B> | null;
  timings: Timings | null;
  /** Why no response came back (refused, timeout, TLS…), else null. */
  error: string | null;
}

/** One inbound request as the receiver saw it. */
export interface CaptureOf<B> {
  id: string;
  inboxId: string;
  receivedAt: string;
  method: string;
  path: string;
  query: string;
  headers: HeaderList;
  body: B;
  remoteAddress: string | null;
  /** Recognised event type/id (e.g. from a provider's payload), when the receiver found one. */
  eventType: string | null;
  eventId: string | null;
  outcome: Outcome;
  /** Signature verification result as the receiver reports it. */
  verification: unknown | null;
  /** What the receiver answered. */
  response: { status: number; headers?: HeaderList; body?: string } | null;
  /** Result of forwarding the capture elsewhere, when configured. */
  forward: unknown | null;
  /** Why the request was refused (e.g. "413 body too large", "unknown inbox"). */
  rejectedReason: string | null;
  durationMs: number | null;
  /**
   * Credential headers (Authorization, Cookie, API keys) are stored masked in
   * `headers`; true when their original values were kept, sealed with the
   * secret key, for `revealCredentials` to show on request.
   */
  credentialsKept?: boolean;
}

export type Delivery = DeliveryOf<BodyView>;
export type Attempt = AttemptOf<BodyView>;
export type Capture = CaptureOf<BodyView>;

/** What the engine writes when it creates a delivery (attempts and outcome follow later). */
export type NewDelivery = Omit<
  DeliveryOf<BodyInput>,
  'attempts' | 'lastStatus' | 'durationMs' | 'outcome' | 'nextAttemptAt' | 'replayOf'
> &
  Partial<Pick<DeliveryOf<BodyInput>, 'outcome' | 'nextAttemptAt' | 'replayOf'>>;
export type NewAttempt = AttemptOf<BodyInput>;
export type NewCapture = CaptureOf<BodyInput> & {
  /** The original values of the credential headers the receiver masked, sealed (SecretBox), by position. */
  sealedCredentials?: string;
};

/** Changes to a delivery's summary after an attempt or a cancel. */
export interface DeliveryUpdate {
  outcome?: DeliveryOutcome;
  lastStatus?: number | null;
  nextAttemptAt?: string | null;
  durationMs?: number | null;
}

/** How a capture's signature fared on arrival; null when its inbox does not verify (and for deliveries). */
export type Verdict = 'valid' | 'invalid';

/** The verdict the receiver stored in a capture's `verification` record. */
export function verdictOf(verification: unknown): Verdict | null {
  if (typeof verification !== 'object' || verification === null || !('valid' in verification)) return null;
  return (verification as { valid: unknown }).valid === true ? 'valid' : 'invalid';
}

/** A replay of an exchange (a new delivery) and how it went. */
export interface ReplayLink {
  id: string;
  outcome: Outcome;
}

/** One row of the exchange list: every column a row shows, so a live event can carry it whole. */
export interface ExchangeSummary {
  id: string;
  kind: ExchangeKind;
  time: string;
  eventType: string | null;
  eventId: string | null;
  /** Subscription id for deliveries, inbox id for captures. */
  sourceId: string | null;
  /** Target URL for deliveries, request path for captures. */
  target: string;
  method: string;
  outcome: Outcome;
  status: number | null;
  durationMs: number | null;
  attempts: number;
  /** Full body size in bytes (before any truncation). */
  size: number;
  verdict: Verdict | null;
  /** The exchange this one replays. */
  replayOf: string | null;
  /** The newest replay of this exchange: a failed original whose replay succeeded says so. */
  replay: ReplayLink | null;
}

/** Replays of the exchange, newest first (a few at most are listed); the core always says, exports from before replays were linked do not. */
interface Replays {
  replays?: ReplayLink[];
}

export type ExchangeDetail =
  | ({ kind: 'delivery'; delivery: Delivery; attempts: Attempt[] } & Replays)
  | ({ kind: 'capture'; capture: Capture } & Replays);

export interface ExchangeFilter {
  kind?: ExchangeKind;
  subscriptionId?: string;
  inboxId?: string;
  eventType?: string;
  outcome?: Outcome;
  status?: number;
  statusClass?: StatusClass;
  /** Inclusive lower bound, ISO time. */
  from?: string;
  /** Exclusive upper bound, ISO time. */
  to?: string;
  /** Free text, matched with FTS5 against bodies and header values. */
  text?: string;
}

export interface ExchangePage {
  items: ExchangeSummary[];
  /** Pass back as `cursor` for the next (older) page; null when there is none. */
  nextCursor: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Counts for the filter bar; each dimension is counted under every other filter but its own. */
export interface ExchangeFacets {
  total: number;
  outcome: FacetCount[];
  kind: FacetCount[];
  statusClass: FacetCount[];
  eventType: FacetCount[];
  subscription: FacetCount[];
  inbox: FacetCount[];
}

/** How much of the exchange store is kept (Preferences.retention); whichever limit bites first wins. */
export interface RetentionSettings {
  /** Days a delivery or capture is kept; 0: no age limit. */
  maxAgeDays: number;
  /** Deliveries and captures kept at most, the oldest removed first; 0: no row limit. */
  maxRows: number;
}

export interface StorageInfo {
  dbPath: string;
  dbBytes: number;
  walBytes: number;
  rows: { exchanges: number; deliveries: number; captures: number; attempts: number };
  retention: RetentionSettings;
  bodyCapBytes: number;
  synchronous: string;
  journalMode: string;
}
