/**
 * Inboxes: named endpoints of the receiver (`/in/<slug>` on the receiver port,
 * optionally a port of their own) that capture, verify, mock, fault and forward.
 * Shared by the core, the UI and the CLI; secrets never leave the core unmasked.
 */
import type { CustomHmacConfig, FusionAuthKey, ProfileId, VerifyResult } from './signing';
import type { ExchangeSummary, HeaderList, Outcome } from './exchange';

/** What a mock answer can do instead of (or while) answering normally. */
export const faultKinds = ['hang', 'close', 'reset', 'slow'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** One answer of a response rule. */
export interface MockResponse {
  status: number;
  headers: HeaderList;
  body: string;
  /** Wait this long before answering (or before the fault). */
  delayMs: number;
  /**
   * hang: never answer; close: end the connection without an answer; reset:
   * send a TCP RST; slow: answer normally but one byte every `slowByteIntervalMs`.
   */
  fault: FaultKind | null;
  slowByteIntervalMs: number;
}

/** The first `count` requests after the rule was set get this answer, in sequence order. */
export interface SequenceStep extends MockResponse {
  count: number;
}

export interface ResponseRule extends MockResponse {
  /** e.g. [{count: 2, status: 503}] then the base answer: "fail the first 2 with 503, then 200". */
  sequence: SequenceStep[];
  /** Share (0..1) of requests after the sequence answered with `failure` instead of the base answer. */
  failureRate: number;
  failure: MockResponse;
}

export interface ForwardingConfig {
  /** The user's app; the capture's sub-path and query are appended. */
  url: string;
  /** Answer the sender with the target's response, or with the inbox's response rule. */
  respondWith: 'target' | 'rule';
  timeoutMs: number;
  /**
   * Send Authorization and API-key headers on to the target (off by default:
   * the receiver is not a way to hand credentials to another service). Cookies
   * and Proxy-* headers are never forwarded.
   */
  forwardCredentials: boolean;
  /**
   * Requests a browser makes from another site (Sec-Fetch-Site: cross-site or
   * same-site, or a foreign Origin) are refused with 403 unless this is set:
   * otherwise any web page could post to the user's app through the inbox.
   */
  allowBrowsers: boolean;
  /**
   * Host names besides this machine's (a tunnel's, e.g. abc.ngrok.app) whose
   * requests are answered with the target's response. For any other Host the
   * sender gets the response rule: a page that rebinds its own name to
   * 127.0.0.1 must not read the user's app through the receiver.
   */
  trustedHosts: string[];
}

/** How captures of an inbox are verified; secrets stay in the core (masked when read back). */
export interface InboxVerification {
  profile: ProfileId;
  secrets: string[];
  /** FusionAuth public keys (JWKs); never private keys. */
  keys: FusionAuthKey[];
  custom: CustomHmacConfig | null;
  toleranceSeconds: number | null;
  /** Answer 401 (and neither forward nor use the response rule) when the signature does not verify, as a real receiver would. */
  rejectInvalid: boolean;
}

export interface Inbox {
  id: string;
  name: string;
  slug: string;
  /** A dedicated port where every path reaches this inbox; null = only `/in/<slug>` on the receiver port. */
  port: number | null;
  verification: InboxVerification | null;
  responseRule: ResponseRule;
  forwarding: ForwardingConfig | null;
  /** Bodies above this many bytes are answered 413 and recorded as rejected. */
  bodyCapBytes: number;
  createdAt: string;
  updatedAt: string;
}

/** An inbox as it crosses a door: secrets masked, URLs filled in while the receiver runs. */
export interface InboxView extends Inbox {
  /** Receiver base + `/in/<slug>`; null when the receiver is not running. */
  url: string | null;
  /** `http://127.0.0.1:<port>/` when the inbox has a dedicated port that is listening. */
  portUrl: string | null;
}

export const DEFAULT_INBOX_BODY_CAP = 10 * 1024 * 1024;
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;

export const defaultMockResponse = (): MockResponse => ({
  status: 200,
  headers: [['content-type', 'application/json']],
  body: '{}',
  delayMs: 0,
  fault: null,
  slowByteIntervalMs: 50,
});

export const defaultResponseRule = (): ResponseRule => ({
  ...defaultMockResponse(),
  sequence: [],
  failureRate: 0,
  failure: { ...defaultMockResponse(), status: 503, body: '{"error":"failure injected by Hookbench"}' },
});

/**
 * What the receiver answered, as stored in a capture's `response`. A fault
 * that sends no HTTP answer (hang, close, reset) is stored with status 0.
 */
export interface CaptureResponse {
  status: number;
  headers?: HeaderList;
  body?: string;
  fault?: FaultKind;
  delayMs?: number;
  /**
   * Which part answered: a sequence step (1-based), the failure rate, the base rule, the forward target,
   * a receiver limit, or the verification (401 for an invalid signature when the inbox rejects those).
   */
  source?: 'sequence' | 'failure' | 'rule' | 'target' | 'limit' | 'verification';
  step?: number;
}

/** The result of forwarding a capture, as stored in a capture's `forward`. */
export interface ForwardResult {
  url: string;
  status: number | null;
  headers: HeaderList;
  /** The target's body as text (UTF-8) or base64, cut at `bodyLimit` bytes; `size` is the full length. */
  body: string | null;
  bodyEncoding: 'utf8' | 'base64';
  size: number;
  truncated: boolean;
  durationMs: number;
  /** Why no response came back (refused, timeout…), else null. */
  error: string | null;
}

/** The payload of the 'capture.received' event: enough for a live list line. */
export interface CaptureSummary {
  id: string;
  inboxId: string;
  inboxName: string | null;
  receivedAt: string;
  method: string;
  path: string;
  query: string;
  size: number;
  outcome: Outcome;
  status: number;
  fault: FaultKind | null;
  verification: Pick<VerifyResult, 'profile' | 'valid' | 'verdict'> | null;
  forward: { url: string; status: number | null; error: string | null } | null;
  rejectedReason: string | null;
  eventType: string | null;
  /** The capture's whole list row, so a list shows it without reading it back. */
  row: ExchangeSummary;
}

export interface InboxChange {
  id: string;
  change: 'created' | 'updated' | 'deleted';
}
