import type { ProfileInfo } from '../../../shared/model/signing';
import type { AttemptSummary, Subscription } from '../../../shared/model/subscription';
import type { ApiClient } from '../api-client';

const pad = (n: number) => String(n).padStart(2, '0');

/** The user's clock time, with the date when it is not today. */
export function clockTime(iso: string, now: Date): string {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

export function untilText(iso: string, nowMs: number): string {
  const s = Math.round((Date.parse(iso) - nowMs) / 1000);
  if (s <= 0) return 'now';
  if (s < 90) return `in ${s} s`;
  if (s < 5400) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
}

/**
 * What happens after a failed first attempt, as the engine reported it:
 * `retry 1 of 7 scheduled at 14:03:05 (in 5 s)`. `retries` is how many the
 * subscription's schedule allows in all, when known.
 */
export function retryNote(a: AttemptSummary, retries: number | null, now = new Date()): string {
  if (a.nextAttemptAt === null) return retries === 0 ? 'no retry (its schedule has none)' : 'no retry scheduled';
  const which = retries === null ? 'retry 1' : `retry 1 of ${retries}`;
  return `${which} scheduled at ${clockTime(a.nextAttemptAt, now)} (${untilText(a.nextAttemptAt, now.getTime())})`;
}

/**
 * Retries each subscription's schedule allows (the profile's documented
 * schedule lists the first send too), or null when it cannot be read: the
 * note then leaves the count out rather than guessing.
 */
export async function retriesBySubscription(client: ApiClient, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const subs = await client.call('listSubscriptions', undefined);
  if (!subs.ok) return out;
  const wanted = subs.value.filter((s: Subscription) => ids.includes(s.id));
  let profiles: ProfileInfo[] = [];
  if (wanted.some((s) => s.retry.mode === 'profile')) {
    const r = await client.call('listProfiles', undefined);
    if (r.ok) profiles = r.value;
  }
  for (const s of wanted) {
    if (s.retry.mode === 'custom') out.set(s.id, s.retry.maxAttempts - 1);
    else {
      const schedule = profiles.find((p) => p.id === s.profile)?.retryScheduleMs;
      if (schedule) out.set(s.id, schedule.length - 1);
    }
  }
  return out;
}
