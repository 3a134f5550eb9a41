import type { HealthBucket } from '../../../../shared/model/subscription';
import { sparkBars, sparkSummary } from './sparkline-geometry';

const W = 96;
const H = 22;

/** The last 24 h of deliveries as tiny stacked bars: green succeeded, red failed on top. */
export function HealthSparkline({ hourly }: { hourly: HealthBucket[] }) {
  const { bars, barWidth } = sparkBars(hourly, W, H);
  const summary = sparkSummary(hourly);
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
      <title>{summary}</title>
      <line x1={0} x2={W} y1={H - 0.5} y2={H - 0.5} className="spark-axis" />
      {bars.map((b, i) => (
        <g key={i}>
          {b.okHeight > 0 && (
            <rect x={b.x} y={H - b.okHeight} width={barWidth} height={b.okHeight} className="spark-ok" />
          )}
          {b.failHeight > 0 && (
            <rect
              x={b.x}
              y={H - b.okHeight - b.failHeight}
              width={barWidth}
              height={b.failHeight}
              className="spark-bad"
            />
          )}
        </g>
      ))}
    </svg>
  );
}
