import type { CheckId, CheckItem, CheckOutcome, CheckReport } from '../../../shared/model/check';
import type { Clock } from '../clock';
import type { HttpSender } from '../engine/http-sender';
import type { TargetSpec } from '../engine/request-builder';
import { CheckRun } from './check-run';
import { checkDefinitions } from './definitions';
import { skip } from './verdicts';

export interface CheckOptions {
  events: string[];
  timeoutMs: number;
  burstSize: number;
  subscriptionId?: string | null;
}

/**
 * Runs every check definition that applies to the target's profile, one after
 * another (only the burst is concurrent), and scores the receiver.
 */
export async function runChecks(
  target: TargetSpec,
  options: CheckOptions,
  deps: { sender: HttpSender; clock: Clock },
): Promise<CheckReport> {
  const started = deps.clock.now();
  const t0 = performance.now();
  const ctx = new CheckRun(target, options.events, options.timeoutMs, options.burstSize, deps.sender, deps.clock);
  const done = new Map<CheckId, CheckItem>();
  const items: CheckItem[] = [];
  for (const def of checkDefinitions) {
    const applies = def.appliesTo(target.profile);
    const verdict = applies === true ? await def.run(ctx, done) : skip(applies);
    const item: CheckItem = { id: def.id, title: def.title, required: def.required, ...verdict };
    done.set(def.id, item);
    items.push(item);
  }
  const counts: Record<CheckOutcome, number> = { pass: 0, fail: 0, skip: 0 };
  for (const i of items) counts[i.outcome]++;
  return {
    profile: target.profile,
    url: target.url,
    subscriptionId: options.subscriptionId ?? null,
    events: options.events,
    timeoutMs: options.timeoutMs,
    burstSize: options.burstSize,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.round(performance.now() - t0),
    passed: items.every((i) => !i.required || i.outcome !== 'fail'),
    counts,
    items,
  };
}
