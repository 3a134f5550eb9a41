import type { z } from 'zod';
import { findEvent, samplePayload, UnknownEventError } from '../../../shared/catalog';
import type { adHocTarget, emitInput } from '../../../shared/api/methods/delivery';
import { AppFailure } from '../../../shared/api/result';
import type { FusionAuthKey, ProfileId } from '../../../shared/model/signing';
import type {
  AttemptSummary,
  EmitResult,
  EmittedDelivery,
  NegativeOptions,
  RefusedDestination,
  TestSendResult,
} from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import { newMessageId, SigningInputError } from '../signing';
import type { DeliveryEngine } from './engine';
import { strictest, transactionOutcome } from './fusionauth-transaction';
import type { HttpSender } from './http-sender';
import { copies, hasNegative, sendOrder } from './negative-tests';
import { buildRequest, deadlineOf, type TargetSpec } from './request-builder';
import { subscriptionSpec } from './subscription-target';
import type { SubscriptionService } from './subscriptions';

type EmitInput = z.output<typeof emitInput>;
type AdHoc = z.output<typeof adHocTarget>;

/**
 * Why a subscription destination cannot be signed for (its stored secret does
 * not fit, or cannot be unsealed), or null for any other error.
 */
function refusalOf(err: unknown): { field: string; message: string } | null {
  // The signing layer names its own inputs (secrets, keys); on a subscription both are its secret.
  if (err instanceof SigningInputError)
    return { field: ['secrets', 'keys'].includes(err.field) ? 'secret' : err.field, message: err.message };
  if (err instanceof AppFailure && err.code === 'failed')
    return { field: Object.keys(err.fieldErrors ?? {})[0] ?? 'secret', message: err.message };
  return null;
}

/**
 * A fan-out that could send to nobody and refused someone fails, naming each
 * refused subscription and the field to fix (422 on REST); one that sent to
 * anyone succeeds and lists the refused beside the deliveries.
 */
export function requireSomethingSent(result: EmitResult): EmitResult {
  if (result.deliveries.length > 0 || result.refused.length === 0) return result;
  const fieldErrors: Record<string, string[]> = {};
  for (const r of result.refused) (fieldErrors[`subscriptions.${r.subscriptionId}.${r.field}`] ??= []).push(r.message);
  const names = result.refused.map((r) => `"${r.name}" (${r.subscriptionId}): ${r.message}`).join(' ');
  throw new AppFailure('failed', `Nothing was sent. ${names}`, fieldErrors);
}

/** Core-side signing mistakes in what the caller gave, as field errors; nothing has been sent when they throw. */
function asInputError(err: unknown): unknown {
  if (err instanceof SigningInputError)
    return new AppFailure('invalid_input', err.message, { [`target.${err.field}`]: [err.message] });
  if (err instanceof UnknownEventError) return new AppFailure('invalid_input', err.message, { event: [err.message] });
  return err;
}

async function asInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asInputError(err);
  }
}

function parseJson(payload: string, field: string): unknown {
  try {
    return JSON.parse(payload);
  } catch (err) {
    throw new AppFailure(
      'invalid_input',
      `The payload is not valid JSON (${(err as Error).message}); nothing was sent.`,
      { [field]: ['Not valid JSON'] },
    );
  }
}

/** FusionAuth payloads say their own tenant/application: `{ event: { tenantId, applicationId } }`. */
function scopeOf(
  json: unknown,
  input: { tenantId?: string; applicationId?: string },
): { tenantId?: string; applicationId?: string } {
  const event = (json as { event?: { tenantId?: unknown; applicationId?: unknown } } | null)?.event;
  const tenantId = input.tenantId ?? (typeof event?.tenantId === 'string' ? event.tenantId : undefined);
  const applicationId =
    input.applicationId ?? (typeof event?.applicationId === 'string' ? event.applicationId : undefined);
  return { ...(tenantId ? { tenantId } : {}), ...(applicationId ? { applicationId } : {}) };
}

export function adHocSpec(profile: ProfileId, t: AdHoc): TargetSpec {
  const keys: FusionAuthKey[] | undefined = t.fusionAuthKey ? [t.fusionAuthKey as FusionAuthKey] : undefined;
  if (!t.secret && !keys)
    throw new AppFailure('invalid_input', 'An ad-hoc target needs the secret to sign with.', {
      'target.secret': ['Required'],
    });
  return {
    url: t.url,
    profile,
    material: {
      secrets: t.secret ? [t.secret] : [],
      ...(keys ? { keys } : {}),
      ...(t.custom ? { custom: t.custom } : {}),
    },
    headers: t.headers,
    basicAuth: null,
    connectTimeoutMs: t.connectTimeoutMs,
    readTimeoutMs: t.readTimeoutMs,
    caCertificatePem: t.caCertificatePem ?? null,
  };
}

export interface Destination {
  subscriptionId: string | null;
  url: string;
  adHoc?: TargetSpec;
}

/** emit, testSend and replay, on top of the engine's delivery lifecycle. */
export class Emitter {
  constructor(
    private readonly engine: DeliveryEngine,
    private readonly subscriptions: SubscriptionService,
    private readonly sender: HttpSender,
    private readonly clock: Clock,
  ) {}

  async emit(input: EmitInput): Promise<EmitResult> {
    const items = input.batch ?? [{ event: input.event!, payload: input.payload! }];
    const parsed = items.map((item, i) => {
      asInputSync(() => findEvent(input.provider, item.event), input.batch ? `batch.${i}.event` : 'event');
      return { ...item, json: parseJson(item.payload, input.batch ? `batch.${i}.payload` : 'payload') };
    });
    const t = input.target;
    const destinationsFor = (json: unknown, event: string): Destination[] => {
      if (t.kind === 'url') return [{ subscriptionId: null, url: t.url, adHoc: adHocSpec(input.provider, t) }];
      if (t.kind === 'subscription') {
        const sub = this.subscriptions.get(t.id);
        if (sub.profile !== input.provider)
          throw new AppFailure(
            'invalid_input',
            `Subscription ${sub.id} signs as ${sub.profile}, not ${input.provider}.`,
            { provider: ['Does not match the subscription'] },
          );
        return [{ subscriptionId: sub.id, url: sub.url }];
      }
      return this.subscriptions
        .matching(input.provider, event, scopeOf(json, input))
        .map((s) => ({ subscriptionId: s.id, url: s.url }));
    };
    const results: EmitResult[] = [];
    for (const item of sendOrder(parsed, input.negative)) {
      const eventId = newMessageId();
      const policy =
        input.provider === 'fusionauth' && t.kind !== 'url'
          ? (input.transactionPolicy ??
            strictest(
              destinationsFor(item.json, item.event).map(
                (d) => this.subscriptions.get(d.subscriptionId!).transactionPolicy,
              ),
            ))
          : 'None';
      results.push(
        await this.deliver(
          input.provider,
          item.event,
          eventId,
          Buffer.from(item.payload, 'utf8'),
          destinationsFor(item.json, item.event),
          { negative: input.negative, wait: input.wait || !!input.batch, policy },
        ),
      );
    }
    if (results.length === 1) return requireSomethingSent(results[0]!);
    return requireSomethingSent({
      eventId: results.map((r) => r.eventId).join(','),
      deliveries: results.flatMap((r) => r.deliveries),
      refused: results.flatMap((r) => r.refused),
      transaction: null,
    });
  }

  /**
   * Creates and starts the deliveries of one message to every destination it
   * can sign for; the others are listed as refused, with the reason. Nothing is
   * left pending without an attempt under way or scheduled.
   */
  async deliver(
    profile: ProfileId,
    event: string,
    eventId: string,
    body: Uint8Array,
    destinations: Destination[],
    opts: { negative?: NegativeOptions; wait?: boolean; policy?: ReturnType<typeof strictest>; replayOf?: string },
  ): Promise<EmitResult> {
    const negative = hasNegative(opts.negative) ? opts.negative : undefined;
    const transactional = profile === 'fusionauth' && (opts.policy ?? 'None') !== 'None' && destinations.length > 0;
    const sequential = !!negative;
    const wait = opts.wait || transactional || sequential;
    const deliveries: EmittedDelivery[] = [];
    const refused: RefusedDestination[] = [];
    // A plain send starts each first attempt as its row is written (see engine.enqueueAndSend).
    const direct = !sequential && !transactional;
    const firsts = new Map<string, Promise<AttemptSummary | null>>();
    const committed: Promise<void>[] = [];
    // Every row is committed before the delivery is acknowledged: acknowledged means persisted.
    try {
      for (const dest of destinations) {
        for (let copy = 0; copy < copies(negative); copy++) {
          let deliveryId: string;
          try {
            const spec = {
              eventId,
              event,
              profile,
              subscriptionId: dest.subscriptionId,
              body,
              url: dest.url,
              ...(dest.adHoc ? { adHoc: dest.adHoc } : {}),
              ...(negative ? { negative } : {}),
              ...(opts.replayOf ? { replayOf: opts.replayOf } : {}),
            };
            if (direct) {
              const started = await this.engine.enqueueAndSend(spec, { hold: wait });
              deliveryId = started.id;
              firsts.set(deliveryId, this.orSchedule(deliveryId, started.first));
              if (wait) committed.push(started.committed);
              else await started.committed;
            } else deliveryId = await this.engine.enqueue(spec, { schedule: !wait });
          } catch (err) {
            // An ad-hoc target's secret was given in this call: a mistake in the input, not a refused destination.
            const refusal = dest.subscriptionId ? refusalOf(err) : null;
            if (!refusal) throw asInputError(err);
            refused.push({
              subscriptionId: dest.subscriptionId!,
              name: this.nameOf(dest.subscriptionId!),
              url: dest.url,
              ...refusal,
            });
            break;
          }
          deliveries.push({ deliveryId, subscriptionId: dest.subscriptionId, url: dest.url });
        }
      }
    } catch (err) {
      // Rows already committed must not wait for a restart to be sent.
      if (wait) for (const d of deliveries) if (!firsts.has(d.deliveryId)) this.engine.schedule(d.deliveryId);
      for (const c of committed) void c.catch(() => undefined);
      throw err;
    }
    if (!wait) return { eventId, deliveries, refused, transaction: null };
    if (sequential) {
      for (const d of deliveries) d.firstAttempt = (await this.sendOrSchedule(d.deliveryId, false)) ?? undefined;
    } else {
      const answers = await Promise.all(
        deliveries.map((d) => firsts.get(d.deliveryId) ?? this.sendOrSchedule(d.deliveryId, transactional)),
      );
      deliveries.forEach((d, i) => (d.firstAttempt = answers[i] ?? undefined));
    }
    // Rows held back for their first attempt's answer: acknowledged once they committed.
    await Promise.all(committed);
    if (!transactional) return { eventId, deliveries, refused, transaction: null };
    // A webhook that could not be signed counts as one that failed, as FusionAuth counts a broken webhook.
    const succeeded = deliveries.filter((d) => d.firstAttempt?.ok).length;
    const transaction = transactionOutcome(opts.policy!, event, succeeded, deliveries.length + refused.length);
    await this.engine.releaseHeld(
      deliveries.map((d) => d.deliveryId),
      transaction.succeededCall,
    );
    return { eventId, deliveries, refused, transaction };
  }

  /** The first attempt now; should it fail to run at all, the delivery goes to the scheduler instead of staying owed. */
  private sendOrSchedule(id: string, holdRetry: boolean): Promise<AttemptSummary | null> {
    return this.orSchedule(id, this.engine.sendNow(id, holdRetry));
  }

  private async orSchedule(id: string, attempt: Promise<AttemptSummary | null>): Promise<AttemptSummary | null> {
    try {
      return await attempt;
    } catch {
      this.engine.schedule(id);
      return null;
    }
  }

  private nameOf(id: string): string {
    try {
      return this.subscriptions.get(id).name;
    } catch {
      return id;
    }
  }

  /** Each event's sample to one subscription; results come back, nothing goes to the log. */
  async testSend(id: string, events: string[], negative?: NegativeOptions): Promise<TestSendResult[]> {
    const sub = this.subscriptions.get(id);
    const samples = events.map((e, i) =>
      asInputSync(() => samplePayload(sub.profile, e, { baseTime: this.clock.now() }), `events.${i}`),
    );
    const target: TargetSpec = { url: sub.url, ...subscriptionSpec(sub, this.subscriptions.material(id)) };
    const results: TestSendResult[] = [];
    for (const sample of samples) {
      const built = await asInput(() =>
        buildRequest(
          target,
          { id: newMessageId(), event: sample.event, body: Buffer.from(sample.body) },
          this.clock.now(),
          negative,
        ),
      );
      const r = await this.sender.send({
        url: sub.url,
        headers: built.headers,
        body: built.body,
        connectTimeoutMs: target.connectTimeoutMs,
        deadlineMs: deadlineOf(target),
        caCertificatePem: target.caCertificatePem,
      });
      const status = r.response?.status ?? null;
      const ok = !r.error && status !== null && status >= 200 && status < 300;
      results.push({
        event: sample.event,
        ok,
        status,
        error: r.error ?? (ok ? null : `answered ${status}`),
        body: r.response ? Buffer.from(r.response.body).toString('utf8') : '',
        durationMs: r.timings.totalMs,
      });
    }
    return results;
  }
}

function asInputSync<T>(work: () => T, field: string): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof UnknownEventError)
      throw new AppFailure('invalid_input', `${err.message} Nothing was sent.`, { [field]: [err.message] });
    throw err;
  }
}
