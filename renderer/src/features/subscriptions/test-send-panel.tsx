import { useEffect, useState } from 'react';
import type { Subscription, TestSendResult } from '../../../../shared/model/subscription';
import { StatusBadge } from '../../components/status-badge';
import { useCatalogStore } from '../../stores/catalog-store';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { GatedButton } from '../../components/gated';

function Result({ r }: { r: TestSendResult }) {
  return (
    <li className="test-result" aria-label={`${r.event}: ${r.ok ? 'succeeded' : 'failed'}`}>
      <div className="test-result-head">
        <StatusBadge tone={r.ok ? 'ok' : 'bad'}>{r.ok ? 'OK' : 'Failed'}</StatusBadge>
        <code>{r.event}</code>
        <span data-testid="test-status">{r.status !== null ? `HTTP ${r.status}` : 'no answer'}</span>
        {r.durationMs !== null && <span className="muted">{Math.round(r.durationMs)} ms</span>}
      </div>
      {r.error && !r.ok && <p className="error-text small">{r.error}</p>}
      {r.body ? (
        <pre className="test-body" aria-label={`Response body of ${r.event}`}>
          {r.body}
        </pre>
      ) : (
        <p className="muted small">Empty response body.</p>
      )}
    </li>
  );
}

/** Sends each chosen event's sample to this subscription now; results stay here, nothing is recorded in Deliveries. */
export function TestSendPanel({ subscription }: { subscription: Subscription }) {
  const { events, loadEvents } = useCatalogStore();
  const test = useSubscriptionsStore((s) => s.testResults[subscription.id]);
  const testSend = useSubscriptionsStore((s) => s.testSend);
  const [chosen, setChosen] = useState<string[]>([]);
  const [deliver, setDeliver] = useState(false);
  useEffect(() => void loadEvents(subscription.profile), [subscription.profile, loadEvents]);
  const offered =
    subscription.events === 'all' ? (events[subscription.profile]?.map((e) => e.name) ?? []) : subscription.events;

  return (
    <section className="test-send" aria-labelledby="test-send-title">
      <h3 id="test-send-title">Send a test</h3>
      <p className="muted small">
        Each event’s sample payload, signed with this subscription’s secret.{' '}
        {deliver
          ? 'Delivered for real: logged in Deliveries, retried on failure, counted in the health above.'
          : 'A test is not recorded in Deliveries.'}
      </p>
      <div className="test-controls">
        <select
          multiple
          aria-label="Events to test"
          value={chosen}
          onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}
          size={Math.min(6, Math.max(3, offered.length))}
        >
          {offered.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <GatedButton
          method={deliver ? 'emit' : 'testSend'}
          type="button"
          className="primary"
          disabled={!chosen.length || test?.running}
          onClick={() => void testSend(subscription.id, chosen, deliver ? 'deliver' : 'test')}
        >
          {test?.running
            ? 'Sending…'
            : deliver
              ? 'Deliver'
              : chosen.length > 1
                ? `Send ${chosen.length} tests`
                : 'Send test'}
        </GatedButton>
        <label className="check">
          <input type="checkbox" checked={deliver} onChange={(e) => setDeliver(e.target.checked)} /> Deliver for real
          (logged, with retries)
        </label>
      </div>
      {!chosen.length && <p className="muted small">Pick one or more events (Ctrl/Shift-click for several).</p>}
      <div aria-live="polite" aria-busy={test?.running}>
        {test?.error && (
          <p role="alert" className="error-text">
            {test.error}
          </p>
        )}
        {test?.results && (
          <ul className="plain test-results" aria-label="Test results">
            {test.results.map((r, i) => (
              <Result key={i} r={r} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
