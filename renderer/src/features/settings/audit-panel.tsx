import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../../shared/model/account';
import { bridge } from '../../bridge/bridge';
import { useAdminChanges } from '../../stores/admin-changes';
import { formatDateTime } from '../../components/exchange/exchange-format';
import { AuditRetentionForm } from './audit-retention';
import { Pair } from './pair';

/** An entry's outcome in words: the error code a refused call ended with, readable. */
function outcomeLabel(outcome: string): string {
  if (outcome === 'ok') return 'done';
  if (outcome === 'forbidden') return 'refused: role';
  return outcome.replaceAll('_', ' ');
}

const PAGE = 25;

const DOORS: Record<AuditEntry['door'], string> = {
  ipc: 'desktop',
  rpc: 'UI',
  rest: 'REST API',
  fusionauth: 'FusionAuth API',
  cli: 'CLI',
  auth: 'sign-in',
  system: 'retention',
};

function what(e: AuditEntry): string {
  // Hookbench's own removal of old entries reads as a sentence
  if (e.actor.kind === 'system' && e.action === 'removeOldAuditEntries')
    return `audit entries older than ${e.summary.maxAgeDays} days removed: ${e.summary.removed}`;
  return Object.entries(e.summary)
    .map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`)
    .join(' ');
}

function who(e: AuditEntry): string {
  const a = e.actor;
  return a.keyName && a.kind === 'apiKey' && !a.label.startsWith('API key')
    ? `${a.label} (key "${a.keyName}")`
    : a.label;
}

interface Filter {
  actor: string;
  action: string;
  outcome: '' | 'ok' | 'refused';
}

/**
 * The audit log (admins): every change made through any door and every
 * sign-in, newest first, paged; filtered by who (part of the email), action
 * and outcome. Only ids, names, counts and flags of what was sent are kept.
 */
export function AuditPanel() {
  const [filter, setFilter] = useState<Filter>({ actor: '', action: '', outcome: '' });
  const [applied, setApplied] = useState<Filter>(filter);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const changes = useAdminChanges((s) => s.tick);

  const fetchPage = useCallback(async (f: Filter, after: string | null) => {
    const r = await bridge().call('listAuditLog', {
      limit: PAGE,
      ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
      ...(f.action.trim() ? { action: f.action.trim() } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(after ? { cursor: after } : {}),
    });
    if (!r.ok) {
      setError(r.error.message);
      return null;
    }
    setError(null);
    return r.value;
  }, []);

  useEffect(() => {
    void fetchPage(applied, null).then((page) => {
      if (!page) return;
      setEntries(page.entries);
      setCursor(page.nextCursor);
    });
  }, [applied, fetchPage, changes, reloads]);

  async function more() {
    const page = await fetchPage(applied, cursor);
    if (!page) return;
    setEntries((old) => [...(old ?? []), ...page.entries]);
    setCursor(page.nextCursor);
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    setApplied({ ...filter });
  }

  return (
    <section className="panel audit-panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p className="muted">
        Every change — through this UI, the desktop app, the REST and FusionAuth APIs or the CLI — and every sign-in,
        with who made it. Refused attempts are listed too.
      </p>
      <AuditRetentionForm />
      <form className="inline-form wrap audit-filter" onSubmit={apply} aria-label="Filter the audit log">
        <Pair id="audit-actor" label="Who">
          <input
            value={filter.actor}
            onChange={(e) => setFilter({ ...filter, actor: e.target.value })}
            placeholder="part of an email"
          />
        </Pair>
        <Pair id="audit-action" label="Action">
          <input
            value={filter.action}
            onChange={(e) => setFilter({ ...filter, action: e.target.value })}
            placeholder="e.g. replay"
          />
        </Pair>
        <Pair id="audit-outcome" label="Outcome">
          <select
            value={filter.outcome}
            onChange={(e) => setFilter({ ...filter, outcome: e.target.value as Filter['outcome'] })}
          >
            <option value="">Any</option>
            <option value="ok">Done</option>
            <option value="refused">Refused or failed</option>
          </select>
        </Pair>
        <button type="submit">Filter</button>
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          Refresh
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">
          Nothing recorded{applied.actor || applied.action || applied.outcome ? ' for this filter' : ''}.
        </p>
      ) : (
        <table className="simple-table audit-table" aria-label="Audit log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td className="audit-who">
                  {who(e)}
                  <span className="muted small audit-via">
                    {' '}
                    via {DOORS[e.door]}
                    {e.actor.address ? ` from ${e.actor.address}` : ''}
                  </span>
                </td>
                <td className="audit-what">
                  <code className="audit-action">{e.action}</code>
                  {Object.keys(e.summary).length > 0 && <code className="audit-summary">{what(e)}</code>}
                </td>
                <td className={e.outcome === 'ok' ? 'nowrap' : 'nowrap error-text'}>{outcomeLabel(e.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => void more()}>
          Load older
        </button>
      )}
    </section>
  );
}
