import type { CheckExchange, CheckItem, CheckReport } from '../../../../shared/model/check';
import { StatusBadge, type BadgeTone } from '../../components/status-badge';

const tone: Record<CheckItem['outcome'], BadgeTone> = { pass: 'ok', fail: 'bad', skip: 'neutral' };
const word: Record<CheckItem['outcome'], string> = { pass: 'Pass', fail: 'Fail', skip: 'N/A' };

function Exchange({ x }: { x: CheckExchange }) {
  return (
    <li className="check-exchange">
      <div>
        <code>{x.method}</code> <span>{x.label}</span> →{' '}
        <strong>{x.status !== null ? `HTTP ${x.status}` : 'no answer'}</strong>
        {x.durationMs !== null && <span className="muted"> · {Math.round(x.durationMs)} ms</span>}
        {x.error && <span className="error-text"> · {x.error}</span>}
      </div>
      <pre className="check-request" aria-label={`Request: ${x.label}`}>
        {x.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}
        {`\n\n${x.bodyPreview}`}
      </pre>
    </li>
  );
}

function Item({ item }: { item: CheckItem }) {
  return (
    <li className={`check-item check-${item.outcome}`} aria-label={`${item.title}: ${word[item.outcome]}`}>
      <div className="check-item-head">
        <StatusBadge tone={tone[item.outcome]}>{word[item.outcome]}</StatusBadge>
        <span className="check-title">{item.title}</span>
        {!item.required && <span className="muted small">advisory</span>}
      </div>
      <p className="check-detail">{item.detail}</p>
      {item.fix && (
        <p className="check-fix">
          <strong>Fix:</strong> {item.fix}
        </p>
      )}
      {item.exchanges.length > 0 && (
        <details className="check-evidence">
          <summary>{item.exchanges.length === 1 ? 'Request sent' : `${item.exchanges.length} requests sent`}</summary>
          <ul className="plain">
            {item.exchanges.map((x, i) => (
              <Exchange key={i} x={x} />
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** The scorecard of one check run: the verdict first, failures first, each with its evidence and fix. */
export function CheckScorecard({ report }: { report: CheckReport }) {
  const order = { fail: 0, pass: 1, skip: 2 } as const;
  const items = [...report.items].sort((a, b) => order[a.outcome] - order[b.outcome]);
  return (
    <div className="check-scorecard" aria-label="Endpoint scorecard">
      <p className="check-summary" role="status">
        <StatusBadge tone={report.passed ? 'ok' : 'bad'}>
          {report.passed ? 'Passes every required check' : 'Fails required checks'}
        </StatusBadge>{' '}
        {report.counts.pass} passed · {report.counts.fail} failed · {report.counts.skip} not applicable
        <span className="muted">
          · events {report.events.join(', ')} · timeout {report.timeoutMs / 1000} s · took{' '}
          {(report.durationMs / 1000).toFixed(1)} s
        </span>
      </p>
      <ul className="plain check-items">
        {items.map((i) => (
          <Item key={i.id} item={i} />
        ))}
      </ul>
    </div>
  );
}
