import { loadavg } from 'node:os';

/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** os.loadavg() over 1, 5 and 15 minutes, for the line a figure is printed on. */
export const loadNow = (): number[] => loadavg().map((n) => round(n));
