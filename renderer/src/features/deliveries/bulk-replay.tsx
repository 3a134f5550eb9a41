import { useEffect, useMemo, useState } from 'react';
import {
  BULK_REPLAY_RATE,
  isFinished,
  type BulkReplayJob,
  type BulkReplayRate,
} from '../../../../shared/model/bulk-replay';
import { formatCount } from '../../components/exchange/exchange-format';
import { ReplayUrlFields, type ReplayUrl } from '../../components/exchange/replay-url-fields';
import { Field } from '../../components/field';
import { urlProblem } from '../../components/url-problem';
import { bulkKeyOf } from '../../stores/exchange/exchange-bulk';
import { useExchangeStore } from '../../stores/exchange/exchange-store';

/** How a job is paced, in words: 'max' is no number of replays per second. */
export function paceText(rate: BulkReplayRate): string {
  return rate === 'max' ? 'as fast as the engine goes' : `at up to ${formatCount(rate)}/s`;
}

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
        <span className="muted">{paceText(job.ratePerSecond)}</span>
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
 * Replays everything the filter matches as one throttled job, in two steps:
 * a dry run counts what would be sent (nothing is sent), then "Replay N"
 * sends exactly that set. Any change to the filter or target, and every run,
 * disarms the button again, so replaying twice always takes a fresh count.
 */
export function BulkReplayPanel({ onClose }: { onClose(): void }) {
  const applied = useExchangeStore((s) => s.applied);
  const bulk = useExchangeStore((s) => s.bulk);
  const { setBulkRate, setBulkMax, disarmBulk, bulkDryRun, bulkStart, bulkCancel, followBulk } =
    useExchangeStore.getState();
  const [where, setWhere] = useState<'original' | 'url'>('original');
  const [other, setOther] = useState<ReplayUrl>({ url: '', provider: 'standard-webhooks', secret: '' });
  const { url, provider, secret } = other;
  const target = useMemo(
    () =>
      where === 'url' ? { kind: 'url' as const, url: url.trim(), provider, ...(secret ? { secret } : {}) } : undefined,
    [where, url, provider, secret],
  );
  const running = bulk.job !== null && !isFinished(bulk.job.state);

  useEffect(() => followBulk(), [followBulk]);
  // a count is only good for the filter and target it was made for
  useEffect(() => disarmBulk(), [applied, target, disarmBulk]);

  const rateError = bulk.max
    ? (bulk.fieldErrors.ratePerSecond?.[0] ?? null)
    : !Number.isInteger(bulk.rate) || bulk.rate < 1 || bulk.rate > BULK_REPLAY_RATE.max
      ? `Between 1 and ${BULK_REPLAY_RATE.max} per second.`
      : (bulk.fieldErrors.ratePerSecond?.[0] ?? null);
  const targetError = where === 'url' ? (url ? urlProblem(url) : 'Enter the URL to replay to') : null;
  const secretError = where === 'url' && !secret ? 'The secret to sign the replays with (not stored)' : null;
  const ready = !targetError && !secretError && !rateError;
  const armed = bulk.countedFor === bulkKeyOf(applied, target) && bulk.count !== null && bulk.count > 0;
  const canStart = armed && ready && !running && !bulk.starting && !bulk.counting;
  const finished = bulk.job !== null && isFinished(bulk.job.state);

  return (
    <section className="bulk-panel" role="region" aria-label="Bulk replay">
      <div className="panel-head">
        <h2>Bulk replay</h2>
        <button type="button" onClick={onClose} aria-label="Close bulk replay">
          ✕
        </button>
      </div>
      <p className="muted small">
        Replays everything the current filter matches, newest first, as new deliveries. Run a dry run first: it only
        counts.
      </p>
      <div className="row wrap bulk-form">
        <Field label="Send to">
          <select value={where} onChange={(e) => setWhere(e.target.value as 'original' | 'url')} disabled={running}>
            <option value="original">Where each went (captures need a URL)</option>
            <option value="url">One URL for all</option>
          </select>
        </Field>
        {where === 'url' && (
          <ReplayUrlFields
            value={other}
            onChange={setOther}
            secretHint="Signs the replays; never stored."
            disabled={running}
            errors={{
              url: url ? (targetError ?? bulk.fieldErrors['target.url']?.[0]) : null,
              secret: bulk.fieldErrors['target.secret']?.[0],
            }}
          />
        )}
        <div className="rate-choice">
          <Field label="Replays per second" error={rateError}>
            <input
              type="number"
              min={1}
              max={BULK_REPLAY_RATE.max}
              value={bulk.rate}
              onChange={(e) => setBulkRate(Number(e.target.value))}
              disabled={running || bulk.max}
              className="rate-input"
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={bulk.max}
              onChange={(e) => setBulkMax(e.target.checked)}
              disabled={running}
            />
            Max: as fast as the engine goes
          </label>
        </div>
        <div className="field-aligned bulk-buttons">
          <button
            type="button"
            disabled={!ready || running || bulk.counting}
            onClick={() => void bulkDryRun(applied, target)}
            title={targetError ?? secretError ?? 'Count what would be replayed; nothing is sent'}
          >
            {bulk.counting ? 'Counting…' : 'Dry run'}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!canStart}
            onClick={() => void bulkStart(applied, target)}
            title={armed ? undefined : 'Run a dry run for this filter first'}
          >
            {bulk.starting ? 'Starting…' : armed ? `Replay ${formatCount(bulk.count!)}` : 'Replay'}
          </button>
        </div>
      </div>
      <p data-testid="bulk-count" className="bulk-count">
        {bulk.counting
          ? 'Counting what the filter matches…'
          : bulk.count === null
            ? finished
              ? 'Done. To replay again, run a new dry run.'
              : 'Nothing counted yet: a dry run says how many would be replayed.'
            : bulk.count === 0
              ? 'Dry run: nothing matches the current filter, so nothing would be replayed.'
              : `Dry run: ${formatCount(bulk.count)} ${bulk.count === 1 ? 'exchange matches' : 'exchanges match'} the current filter and would be replayed, newest first. Nothing was sent.`}
      </p>
      {bulk.error && (
        <p className="error-text" role="alert">
          {bulk.error}
        </p>
      )}
      {bulk.job && <JobProgress job={bulk.job} onCancel={() => void bulkCancel()} />}
    </section>
  );
}
