import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import {
  DEFAULT_INBOX_BODY_CAP,
  type CaptureResponse,
  type CaptureSummary,
  type ForwardResult,
  type Inbox,
} from '../../../shared/model/inbox';
import type { VerifyResult } from '../../../shared/model/signing';
import { verdictOf, type NewCapture } from '../../../shared/model/exchange';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { HookbenchCredentials } from '../http/credentials';
import type { Logger } from '../log';
import type { ExchangeStore } from '../store/port';
import { redactHeaders } from '../../../shared/security/credential-headers';
import { mockAnswer, plainAnswer, sendAnswer, type Answer } from './answer';
import { eventIdentity, headerMap, headerPairs, verifyCapture } from './capture-facts';
import { forward } from './forwarder';
import { fromAnotherSite, mayRelay } from './forward-guard';
import type { InboxService } from './inbox-service';
import { readCapped } from './read-body';
import type { RulePicker } from './rule-picker';

export interface HandlerDeps {
  exchanges: ExchangeStore;
  inboxes: InboxService;
  picker: RulePicker;
  clock: Clock;
  log: Logger;
  events: EventBus;
  credentials: HookbenchCredentials;
  /** Seals the original values of credential headers the store will keep masked. */
  seal: (plain: string) => string;
  /** This machine's host names (see forward-guard.ts). */
  localNames: Set<string>;
  dispatcher?: Dispatcher;
  /** Open connections and captures waiting for their commit, across the receiver's servers. */
  load: { connections: number; awaiting: number };
}

/** How much past the cap we read and discard so the sender can still read our 413. */
const DRAIN_LIMIT = 16 * 1024 * 1024;
const INBOX_PATH = /^\/in\/([^/]+)(\/.*)?$/;
/** A random per-process prefix and a counter: unique across restarts, without a crypto call per request (5% of ingest CPU). */
const idPrefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
let idCounter = 0;
const newCaptureId = () => `cap_${idPrefix}${(idCounter++).toString(36)}`;

/** Where a request goes: a dedicated port serves one inbox on every path; the shared port serves /in/<slug>. */
function route(
  deps: HandlerDeps,
  path: string,
  dedicatedPort: number | null,
): { inbox: Inbox | undefined; subPath: string; slug: string | null } {
  if (dedicatedPort !== null) return { inbox: deps.inboxes.byPort(dedicatedPort), subPath: path, slug: null };
  const m = INBOX_PATH.exec(path);
  if (!m) return { inbox: undefined, subPath: path, slug: null };
  return { inbox: deps.inboxes.bySlug(m[1]!), subPath: m[2] ?? '', slug: m[1]! };
}

function toCaptureResponse(answer: Answer, source: CaptureResponse['source'], step?: number): CaptureResponse {
  const noAnswer = answer.fault === 'hang' || answer.fault === 'close' || answer.fault === 'reset';
  return {
    status: noAnswer ? 0 : answer.status,
    ...(noAnswer ? {} : { headers: answer.headers, body: Buffer.from(answer.body).toString('utf8') }),
    ...(answer.fault ? { fault: answer.fault } : {}),
    ...(answer.delayMs ? { delayMs: answer.delayMs } : {}),
    source,
    ...(step ? { step } : {}),
  };
}

export function summarize(c: NewCapture, inbox: Inbox | undefined, size: number): CaptureSummary {
  const v = c.verification as VerifyResult | null;
  const f = c.forward as ForwardResult | null;
  const r = c.response as CaptureResponse | null;
  return {
    id: c.id,
    inboxId: c.inboxId,
    inboxName: inbox?.name ?? null,
    receivedAt: c.receivedAt,
    method: c.method,
    path: c.path,
    query: c.query,
    size,
    outcome: c.outcome,
    status: r?.status ?? 0,
    fault: r?.fault ?? null,
    verification: v ? { profile: v.profile, valid: v.valid, verdict: v.verdict } : null,
    forward: f ? { url: f.url, status: f.status, error: f.error } : null,
    rejectedReason: c.rejectedReason,
    eventType: c.eventType,
    row: {
      id: c.id,
      kind: 'capture',
      time: c.receivedAt,
      eventType: c.eventType,
      eventId: c.eventId,
      sourceId: c.inboxId,
      target: c.path,
      method: c.method,
      outcome: c.outcome,
      status: r?.status ?? null,
      durationMs: c.durationMs,
      attempts: 0,
      size,
      verdict: verdictOf(v),
      replayOf: null,
      replay: null,
    },
  };
}

/**
 * Appends and waits for the commit. When every open connection is now waiting
 * for a commit, nobody can join the group before its window ends: commit at once.
 */
async function commit(deps: HandlerDeps, capture: NewCapture): Promise<void> {
  const appended = deps.exchanges.appendCapture(capture);
  deps.load.awaiting++;
  try {
    if (deps.load.awaiting >= deps.load.connections) deps.exchanges.commitNow();
    await appended;
  } finally {
    deps.load.awaiting--;
  }
}

/**
 * One inbound request, start to finish: route, read (capped), verify, pick the
 * answer (rule or forward target), commit the capture, announce it, answer.
 * Nothing is acknowledged before its record has committed.
 */
export async function handleRequest(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  dedicatedPort: number | null,
): Promise<void> {
  const started = performance.now();
  const receivedAt = new Date(deps.clock.now()).toISOString();
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  const { inbox, subPath, slug } = route(deps, path, dedicatedPort);
  const cap = inbox?.bodyCapBytes ?? DEFAULT_INBOX_BODY_CAP;
  // Expect: 100-continue lets us refuse before the body is sent: then there is nothing to drain.
  let drainLimit = DRAIN_LIMIT;
  if (req.headers.expect === '100-continue') {
    if (inbox && !(Number(req.headers['content-length'] ?? 0) > cap)) res.writeContinue();
    else drainLimit = 0;
  }
  // Refusing an unknown inbox before its body is sent: read nothing (a 0-byte cap).
  const read = await readCapped(req, inbox || drainLimit > 0 ? cap : 0, drainLimit);
  if (!read.ok && read.reason === 'aborted') return; // the sender left before its request was complete: nothing to acknowledge
  // A Hookbench token or API key sent here (a stale cookie, a script on the wrong port) is neither kept nor forwarded.
  const headers = deps.credentials.strip(headerPairs(req.rawHeaders));
  const body = read.ok ? read.body : null;
  // The store keeps credential headers masked (also in its search index); their originals are kept sealed for an
  // explicit reveal, never in the clear.
  const { masked } = redactHeaders(headers);
  const base: Omit<
    NewCapture,
    'outcome' | 'response' | 'rejectedReason' | 'verification' | 'forward' | 'eventType' | 'eventId'
  > = {
    id: newCaptureId(),
    inboxId: inbox?.id ?? '',
    receivedAt,
    method: req.method ?? 'GET',
    path,
    query,
    headers,
    body: body && body.byteLength ? body : null,
    remoteAddress: req.socket.remoteAddress ?? null,
    durationMs: null,
    ...(masked.length ? { sealedCredentials: deps.seal(JSON.stringify(masked)) } : {}),
  };
  const map = headerMap(headers);
  const identity = body ? eventIdentity(map, body) : { eventType: null, eventId: null };

  let answer: Answer;
  let capture: NewCapture;
  const refusedBrowser = !!inbox?.forwarding && !inbox.forwarding.allowBrowsers && fromAnotherSite(req.headers);
  if (inbox && read.ok && refusedBrowser) {
    answer = plainAnswer(403, {
      error:
        "This inbox forwards to an app: requests a web page on another site makes are refused (the inbox's allowBrowsers setting allows them).",
    });
    capture = {
      ...base,
      ...identity,
      outcome: 'rejected',
      verification: null,
      forward: null,
      rejectedReason: '403 a browser request from another site to a forwarding inbox',
      response: toCaptureResponse(answer, 'limit'),
    };
  } else if (!inbox || !read.ok) {
    const tooLarge = inbox !== undefined; // an unknown inbox is the first thing to fix, whatever the body size
    const reason = tooLarge
      ? `413 body larger than the inbox's cap of ${cap} bytes${!read.ok && read.declared !== null ? ` (Content-Length ${read.declared})` : ''}`
      : slug !== null
        ? `404 unknown inbox "${slug}"`
        : `404 not an inbox path (inboxes live at /in/<slug>)`;
    answer = tooLarge
      ? plainAnswer(413, { error: `Body larger than ${cap} bytes; raise the inbox's body cap to accept it.` }, [
          ['connection', 'close'],
        ])
      : plainAnswer(404, { error: slug !== null ? `No inbox "${slug}" here.` : 'Inboxes live at /in/<slug>.' });
    capture = {
      ...base,
      ...identity,
      outcome: 'rejected',
      verification: null,
      forward: null,
      rejectedReason: reason,
      response: toCaptureResponse(answer, 'limit'),
    };
  } else {
    const verification = inbox.verification
      ? await verifyCapture(inbox.verification, map, body!, Math.floor(deps.clock.now() / 1000))
      : null;
    // A receiver that checks signatures stops at a bad one: no rule step is used up, nothing is forwarded.
    const refused = verification !== null && !verification.valid && inbox.verification!.rejectInvalid;
    const picked = refused ? null : deps.picker.pick(inbox);
    let forwarded: ForwardResult | null = null;
    answer = picked
      ? mockAnswer(picked.response)
      : plainAnswer(401, { error: `Signature not valid: ${verification!.verdict}` });
    let source: CaptureResponse['source'] = picked?.source ?? 'verification';
    if (inbox.forwarding && picked) {
      const out = await forward(
        inbox.forwarding,
        { method: base.method, subPath, query, headers, body: body! },
        deps.dispatcher,
      );
      forwarded = out.result;
      // Relaying the app's answer to a request under a foreign Host would let a page that rebinds its own name to
      // 127.0.0.1 read the app through us: such a sender gets the response rule instead.
      const relay = mayRelay(req.headers.host, deps.localNames, inbox.forwarding.trustedHosts);
      if (inbox.forwarding.respondWith === 'target' && relay) {
        source = 'target';
        answer = out.response
          ? {
              status: out.response.status,
              headers: out.response.headers,
              body: out.response.body,
              delayMs: 0,
              fault: null,
              slowByteIntervalMs: 0,
            }
          : plainAnswer(502, { error: `Forwarding to ${out.result.url} failed: ${out.result.error}` });
      }
    }
    capture = {
      ...base,
      ...identity,
      outcome: verification && !verification.valid ? 'failed' : 'succeeded',
      verification,
      forward: forwarded,
      rejectedReason: null,
      response: toCaptureResponse(answer, source, picked?.step),
    };
  }
  capture.durationMs = Math.round(performance.now() - started);
  try {
    await commit(deps, capture);
  } catch (err) {
    deps.log.error(`receiver: capture ${capture.id} could not be stored`, (err as Error).message);
    await sendAnswer(
      req,
      res,
      plainAnswer(503, { error: 'Hookbench could not store this request; it was not accepted.' }, [
        ['connection', 'close'],
      ]),
    );
    return;
  }
  deps.events.emit('capture.received', summarize(capture, inbox, body?.byteLength ?? 0));
  if (!read.ok && !read.drained) res.once('finish', () => req.socket.destroySoon());
  await sendAnswer(req, res, answer);
}
