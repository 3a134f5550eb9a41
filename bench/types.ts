/**
 * One printed line of `npm run bench`. Throughput/latency scenarios compare
 * `ours` against a `baseline` measured in the same run, so the ratio is
 * meaningful on any machine; absolute-only figures (size, RSS) leave baseline out.
 */
export interface BenchLine {
  scenario: string;
  unit: string;
  ours?: number;
  baseline?: number;
  ratio?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** The target from the issue, written the way a reader checks it, e.g. "< 5" or ">= 0.7". */
  target?: string;
  /** Whether `ours` (or p95/ratio) meets the target; absent when there is none. */
  met?: boolean;
  /** Each round's figure, in order, when ours and baseline are medians of alternating rounds. */
  rounds?: { ours: number[]; baseline: number[] };
  note?: string;
  /** os.loadavg() (1, 5, 15 min) when the figure was taken; the runner adds it when a scenario did not. */
  loadavg?: number[];
}

export interface BenchScenario {
  name: string;
  /** Slow scenarios (1M rows, minutes of long rounds) are skipped when BENCH_QUICK=1. */
  heavy?: boolean;
  run(): Promise<BenchLine[]>;
}
