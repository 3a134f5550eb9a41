import type { CheckExchange, CheckItem } from '../../../shared/model/check';

export type Verdict = Pick<CheckItem, 'outcome' | 'detail' | 'fix' | 'exchanges'>;

export const pass = (detail: string, exchanges: CheckExchange[]): Verdict => ({
  outcome: 'pass',
  detail,
  fix: null,
  exchanges,
});

export const fail = (detail: string, fix: string, exchanges: CheckExchange[]): Verdict => ({
  outcome: 'fail',
  detail,
  fix,
  exchanges,
});

export const skip = (detail: string): Verdict => ({ outcome: 'skip', detail, fix: null, exchanges: [] });

export const ok = (x: CheckExchange) => x.status !== null && x.status >= 200 && x.status < 300;

export function answer(x: CheckExchange): string {
  if (x.status === null) return `no answer (${x.error ?? 'no response'})`;
  return `answered ${x.status}${x.durationMs !== null ? ` in ${Math.round(x.durationMs)} ms` : ''}`;
}

/**
 * A forged or broken delivery must get a 4xx: a 2xx means it was processed,
 * a 5xx makes the provider retry it, no answer ties up the provider's worker.
 */
export function expectRejected(
  x: CheckExchange,
  what: string,
  fix: string,
  risk = 'anyone who knows the URL can forge deliveries',
): Verdict {
  const s = x.status;
  if (s !== null && s >= 400 && s < 500) return pass(`Rejected ${what}: ${answer(x)}.`, [x]);
  if (s !== null && s >= 200 && s < 300) return fail(`Accepted ${what} (${answer(x)}): ${risk}.`, fix, [x]);
  if (s !== null && s >= 500)
    return fail(
      `Rejected ${what} with a server error (${answer(x)}); providers retry 5xx, so the forged request comes back.`,
      `${fix} Answer 400 or 401, not 5xx, when verification fails.`,
      [x],
    );
  return fail(`Did not reject ${what} with a 4xx: ${answer(x)}.`, fix, [x]);
}

/** Every exchange answered 2xx; otherwise the first that did not, named. */
export function expectAccepted(xs: CheckExchange[], what: string, fix: string): Verdict {
  const bad = xs.find((x) => !ok(x));
  if (!bad) return pass(`Accepted ${what}: ${xs.map(answer).join('; ')}.`, xs);
  return fail(
    `${bad.label}: ${answer(bad)}${bad.responsePreview ? ` — "${bad.responsePreview.slice(0, 120)}"` : ''}.`,
    fix,
    xs,
  );
}

/** The 95th percentile by nearest rank. */
export function p95(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}
