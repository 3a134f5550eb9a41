import { formatTime } from '../../components/exchange/exchange-format';
import type { HealthBucket } from '../../../../shared/model/subscription';

export interface SparkBar {
  x: number;
  /** Height of the succeeded part (bottom) and of the failed part (stacked on top). */
  okHeight: number;
  failHeight: number;
}

/**
 * Stacked bars for 24 hourly buckets in a `width` × `height` box, scaled to the
 * busiest hour so one quiet subscription still shows its shape. An hour with
 * any exchanges gets at least 1px so it never disappears.
 */
export function sparkBars(
  hourly: HealthBucket[],
  width: number,
  height: number,
): { bars: SparkBar[]; barWidth: number } {
  const n = Math.max(hourly.length, 1);
  const slot = width / n;
  const barWidth = Math.max(1, slot - 1);
  const peak = Math.max(1, ...hourly.map((b) => b.succeeded + b.failed));
  const bars = hourly.map((b, i) => {
    const total = b.succeeded + b.failed;
    const h = total === 0 ? 0 : Math.max(1, (total / peak) * height);
    const failHeight = total === 0 ? 0 : (b.failed / total) * h;
    return { x: i * slot, okHeight: h - failHeight, failHeight };
  });
  return { bars, barWidth };
}

/** What the sparkline shows, said in words for screen readers and tooltips. */
export function sparkSummary(hourly: HealthBucket[]): string {
  const ok = hourly.reduce((a, b) => a + b.succeeded, 0);
  const failed = hourly.reduce((a, b) => a + b.failed, 0);
  if (ok + failed === 0) return 'No deliveries in the last 24 hours';
  const busiest = hourly.reduce((a, b) => (b.succeeded + b.failed > a.succeeded + a.failed ? b : a));
  const at = formatTime(busiest.hour, { ms: false }).slice(0, -3); // HH:MM, 24-hour like every time shown
  return `Last 24 hours: ${ok} succeeded, ${failed} failed; busiest hour from ${at}`;
}
