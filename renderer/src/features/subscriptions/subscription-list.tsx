import type { Subscription, SubscriptionHealth } from '../../../../shared/model/subscription';
import { StatusBadge } from '../../components/status-badge';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { HealthSparkline } from './health-sparkline';
import { ago, formatRate, outcomeTone, rateTone } from './health-format';
import { useAccess } from '../../stores/session-store';
import { formatDateTime } from '../../components/exchange/exchange-format';

function LastOutcome({ h }: { h: SubscriptionHealth | undefined }) {
  if (!h?.lastOutcome) return <span className="muted">none yet</span>;
  const { outcome, status, at } = h.lastOutcome;
  return (
    <span className="last-outcome" title={formatDateTime(at)}>
      <StatusBadge tone={outcomeTone(outcome)}>{status ?? outcome}</StatusBadge>{' '}
      <span className="muted small">{ago(at, Date.now())}</span>
    </span>
  );
}

/** Every subscription with its 24 h health at a glance; picking one opens its details below. */
export function SubscriptionList({
  items,
  selectedId,
  onSelect,
}: {
  items: Subscription[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const health = useSubscriptionsStore((s) => s.health);
  const setEnabled = useSubscriptionsStore((s) => s.setEnabled);
  const toggle = useAccess('setSubscriptionEnabled');
  return (
    <table className="simple-table sub-table" aria-label="Subscriptions">
      <thead>
        <tr>
          <th>Name</th>
          <th>Profile</th>
          <th>Events</th>
          <th title="Succeeded of finished deliveries, last 24 h">Success 24 h</th>
          <th>Requests</th>
          <th>Last outcome</th>
          <th>Last 24 h</th>
          <th>Enabled</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => {
          const h = health[s.id];
          return (
            <tr key={s.id} className={s.id === selectedId ? 'selected' : undefined}>
              <td>
                <div className="sub-name">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onSelect(s.id)}
                    aria-label={`Open ${s.name}`}
                    aria-pressed={s.id === selectedId}
                  >
                    {s.name}
                  </button>
                  <span className="muted small sub-url" title={s.url}>
                    {s.url}
                  </span>
                </div>
              </td>
              <td>
                <span className="tag">{s.profile}</span>
              </td>
              <td>{s.events === 'all' ? 'all' : s.events.length}</td>
              <td>
                {h?.successRate != null ? (
                  <StatusBadge tone={rateTone(h)} label={`Success rate ${formatRate(h)}`}>
                    {formatRate(h)}
                  </StatusBadge>
                ) : (
                  <span className="muted" aria-label="No finished deliveries">
                    —
                  </span>
                )}
              </td>
              <td>{h ? h.totalRequests : '—'}</td>
              <td>
                <LastOutcome h={h} />
              </td>
              <td>{h ? <HealthSparkline hourly={h.hourly} /> : null}</td>
              <td>
                <input
                  type="checkbox"
                  role="switch"
                  checked={s.enabled}
                  aria-label={`${s.name} enabled`}
                  onChange={(e) => void setEnabled(s.id, e.target.checked)}
                  disabled={!toggle.ok}
                  title={toggle.ok ? (s.disabledReason ?? undefined) : toggle.reason}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
