import { useEffect, useMemo, useState } from 'react';
import { BULK_REPLAY_RATE, isFinished, type BulkReplayJob } from '../../../../shared/model/bulk-replay';
import { profileIds, type ProfileId } from '../../../../shared/model/signing';
import { Field } from '../../components/field';
import { keyOf, useBulkStore } from '../../stores/log-bulk-store';
import { useLogStore } from '../../stores/log-store';
import { formatCount } from './format';

function JobProgress({ job, onCancel }: { job: BulkReplayJob; onCancel(): void }) {
  const running = !isFinished(job.state);
  const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <div className="bulk-job" data-state={job.state}>
      <div
        className="progress"
        role="progressbar"
        aria-label="Bulk replay progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.done}
        aria-valuetext={`${job.done} of ${job.total}`}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="bulk-figures" role="status" aria-live="polite" data-testid="bulk-status">
        {formatCount(job.done)} of {formatCount(job.total)} ·{' '}
        <span className="ok-text">{formatCount(job.succeeded)} succeeded</span> ·{' '}
        <span className={job.failed ? 'error-text' : undefined}>{formatCount(job.failed)} failed</span> · {job.state}{' '}
        <span className="muted">at {job.ratePerSecond}/s</span>
      </p>
      {running && (
        <button type="button" onClick={onCancel} disabled={job.state === 'cancelling'}>
          {job.state === 'cancelling' ? 'Cancelling…' : 'Cancel bulk replay'}
        </button>
      )}
      {job.errors.length > 0 && (
        <details className="bulk-errors">
          <summary>
            First failures ({job.errors.length} shown of {job.failed})
          </summary>
          <ul className="plain small">
            {job.errors.map((e) => (
              <li key={e.id}>
                <code>{e.id}</code>: {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/**
 * Replays everything the filter matches as one throttled job: a dry-run count
 * first (nothing is sent until the user confirms that number), a rate, a
 * progress bar fed by core events, and cancel.
 */
export function BulkReplayPanel({ onClose }: { onClose(): void }) {
  const applied = useLogStore((s) => s.applied);
  const {
    count,
    countedFor,
    counting,
    rate,
    job,
    error,
    fieldErrors,
    starting,
    setRate,
    dryRun,
    start,
    cancel,
    follow,
  } = useBulkStore();
  const [where, setWhere] = useState<'original' | 'url'>('original');
  const [url, setUrl] = useState('');
  const [provider, setProvider] = useState<ProfileId>('standard-webhooks');
  const [secret, setSecret] = useState('');
  const target = useMemo(
    () => (where === 'url' && url ? { kind: 'url' as const, url, provider, ...(secret ? { secret } : {}) } : undefined),
    [where, url, provider, secret],
  );
  const running = job !== null && !isFinished(job.state);

  useEffect(() => follow(), [follow]);
  // a new filter or target means a new count before anything can be sent (typing a URL: once it settles)
  useEffect(() => {
    const t = setTimeout(() => void dryRun(applied, target), target ? 400 : 0);
    return () => clearTimeout(t);
  }, [applied, target, dryRun]);

  const rateError =
    !Number.isInteger(rate) || rate < 1 || rate > BULK_REPLAY_RATE.max
      ? `Between 1 and ${BULK_REPLAY_RATE.max} per second.`
      : (fieldErrors.ratePerSecond?.[0] ?? null);
  const current = countedFor === keyOf(applied, target);
  const canStart =
    current &&
    !running &&
    !starting &&
    !counting &&
    count !== null &&
    count > 0 &&
    !rateError &&
    (where === 'original' || Boolean(url));
  return (
    <section className="bulk-panel" role="region" aria-label="Bulk replay">
      <div className="panel-head">
        <h2>Bulk replay</h2>
        <button type="button" onClick={onClose} aria-label="Close bulk replay">
          ✕
        </button>
      </div>
      <p data-testid="bulk-count">
        {counting
          ? 'Counting what the filter matches…'
          : count === null
            ? ''
            : count === 0
              ? 'Nothing matches the current filter: change the filter first.'
              : `${formatCount(count)} ${count === 1 ? 'exchange matches' : 'exchanges match'} the current filter and would be replayed, newest first.`}
      </p>
      <div className="row bulk-form">
        <Field label="Send to">
          <select value={where} onChange={(e) => setWhere(e.target.value as 'original' | 'url')} disabled={running}>
            <option value="original">Where each went (captures need a URL)</option>
            <option value="url">One URL for all</option>
          </select>
        </Field>
        {where === 'url' && (
          <>
            <Field label="URL" className="grow" error={fieldErrors['target.url']?.[0]}>
              <input
                type="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="http://localhost:3000/webhooks"
                disabled={running}
              />
            </Field>
            <Field label="Signed as">
              <select value={provider} onChange={(e) => setProvider(e.target.value as ProfileId)} disabled={running}>
                {profileIds.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Secret" hint="Signs the replays; never stored." error={fieldErrors['target.secret']?.[0]}>
              <input
                type="password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                autoComplete="off"
                disabled={running}
              />
            </Field>
          </>
        )}
        <Field label="Replays per second" error={rateError}>
          <input
            type="number"
            min={1}
            max={BULK_REPLAY_RATE.max}
            value={rate}
            onChange={(e) => setRate(Number(e.target.value))}
            disabled={running}
            className="rate-input"
          />
        </Field>
        <div className="field-aligned">
          <button type="button" className="primary" disabled={!canStart} onClick={() => void start(applied, target)}>
            {starting ? 'Starting…' : `Replay ${count ? formatCount(count) : ''}`.trim()}
          </button>
        </div>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {job && <JobProgress job={job} onCancel={() => void cancel()} />}
    </section>
  );
}
