/**
 * How the throughput scenarios measure: every side (ours and its baselines)
 * runs once as a discarded warm-up, then in rounds that alternate the sides
 * (the order rotates each round), so background load on a shared machine falls
 * on all of them alike. Rounds are long because short ones flatter whichever
 * side warms up slower or happens to run in a quiet second.
 */

/** Length of one timed round: BENCH_ROUND_MS, 8 s unless lowered for a quick look. */
export const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 8_000);
/** Rounds per side: BENCH_ROUNDS, 3 unless changed. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Warm-up, then `rounds` alternating rounds of every side; each side's per-round results in order. */
export async function alternate<K extends string>(
  sides: Record<K, () => Promise<number>>,
  rounds = ROUNDS,
): Promise<Record<K, number[]>> {
  const names = Object.keys(sides) as K[];
  const results = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (const name of names) await sides[name]();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      results[name].push(await sides[name]());
    }
  }
  return results;
}

export interface LoopResult {
  perSecond: number;
  count: number;
}

/**
 * Closed loop: `inFlight` workers each start the next operation when theirs
 * ends, until `ms` have passed (or `limit` operations were started).
 */
export async function closedLoop(
  inFlight: number,
  ms: number,
  one: (i: number) => Promise<unknown>,
  limit = Infinity,
): Promise<LoopResult> {
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < limit && performance.now() - t0 < ms) await one(started++);
    }),
  );
  return { perSecond: (started * 1000) / (performance.now() - t0), count: started };
}

/**
 * Runs one round and notes the CPU time `cpuMs` advanced per operation (µs) in
 * `into`: unlike throughput, CPU per operation barely moves with the load others put on the machine.
 */
export async function withCpu(cpuMs: () => number, into: number[], round: () => Promise<LoopResult>): Promise<number> {
  const before = cpuMs();
  const r = await round();
  into.push(((cpuMs() - before) * 1000) / r.count);
  return r.perSecond;
}

/** This process's CPU time (every thread), ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
