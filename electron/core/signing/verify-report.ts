import type {
  ComputedInfo,
  ProfileId,
  VerifyHint,
  VerifyResult,
  VerifyStep,
  VerifyStepName,
} from '../../../shared/model/signing';

/** Collects steps and hints as a verifier walks them, then states the verdict. */
export class VerifyReport {
  readonly steps: VerifyStep[] = [];
  readonly hints: VerifyHint[] = [];
  computed?: ComputedInfo;
  matchedSecret?: number;

  constructor(private readonly profile: ProfileId) {}

  pass(name: VerifyStepName, detail: string): void {
    this.steps.push({ name, ok: true, detail });
  }

  fail(name: VerifyStepName, detail: string, hints: VerifyHint[] = []): void {
    this.steps.push({ name, ok: false, detail });
    this.hint(...hints);
  }

  hint(...hints: VerifyHint[]): void {
    for (const h of hints)
      if (!this.hints.some((x) => x.code === h.code && x.message === h.message)) this.hints.push(h);
  }

  result(): VerifyResult {
    const failed = this.steps.find((s) => !s.ok);
    const valid = !failed;
    const verdict = valid
      ? `Valid: ${this.steps.at(-1)?.detail ?? 'all checks passed'}`
      : `Invalid at step "${failed.name}": ${failed.detail}`;
    return {
      profile: this.profile,
      valid,
      verdict,
      ...(failed ? { failedStep: failed.name } : {}),
      steps: this.steps,
      hints: this.hints,
      ...(this.computed ? { computed: this.computed } : {}),
      ...(valid && this.matchedSecret !== undefined ? { matchedSecret: this.matchedSecret } : {}),
    };
  }
}

/** Explains a timestamp check in seconds and direction; undefined when within tolerance. */
export function timestampProblem(
  timestamp: number,
  now: number,
  tolerance: number,
  direction: 'both' | 'past',
): string | undefined {
  const age = now - timestamp;
  if (age > tolerance)
    return `timestamp is ${age} s old, ${age - tolerance} s beyond the ${tolerance} s tolerance (too old: replayed, delayed, or the clocks differ).`;
  if (direction === 'both' && -age > tolerance)
    return `timestamp is ${-age} s in the future, ${-age - tolerance} s beyond the ${tolerance} s tolerance (the sender's clock runs ahead, or the timestamp is not in seconds).`;
  return undefined;
}
