import { useEffect, useState, type FormEvent } from 'react';
import type { RetentionSettings, StorageInfo } from '../../../../shared/model/exchange';
import { MAX_RETENTION_DAYS, MAX_RETENTION_ROWS } from '../../../../shared/model/settings';
import { bridge } from '../../bridge/bridge';
import { formatBytes } from '../../components/exchange/exchange-format';
import { useAdminChanges } from '../../stores/admin-changes';
import { useAccess } from '../../stores/session-store';
import { FormOutcome } from '../../components/form-outcome';
import { Pair } from './pair';

const count = (n: number) => n.toLocaleString('en-US');

/** The setting in words, under the panel's heading (so it needs not say "deliveries and captures" again). */
function kept(r: RetentionSettings): string {
  const age =
    r.maxAgeDays === 0
      ? 'Kept with no age limit'
      : `Kept for ${count(r.maxAgeDays)} day${r.maxAgeDays === 1 ? '' : 's'}`;
  if (r.maxRows === 0) return `${age}${r.maxAgeDays === 0 ? ' and' : ', with'} no row limit.`;
  return `${age}, at most ${count(r.maxRows)} of them; the oldest go first.`;
}

/** A field's text as a whole number within 0…max, or null. */
function whole(text: string, max: number): number | null {
  const n = Number(text.trim().replaceAll(',', ''));
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max ? n : null;
}

/**
 * How much of the exchange log is kept, beside what it holds now. Everyone
 * sees it; admins change it (an audited change; the removal runs in the background).
 */
export function ExchangeRetentionPanel() {
  const admin = useAccess('setRetention').ok;
  const [saved, setSaved] = useState<RetentionSettings | null>(null);
  const [info, setInfo] = useState<StorageInfo | null>(null);
  const [days, setDays] = useState('');
  const [rows, setRows] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const changed = useAdminChanges((s) => s.changed);

  function show(r: RetentionSettings) {
    setSaved(r);
    setDays(String(r.maxAgeDays));
    setRows(String(r.maxRows));
  }

  // What the log holds: read again after a save, as the pass that starts then removes rows.
  function readInfo() {
    void bridge()
      .call('getStorageInfo', undefined)
      .then((r) => r.ok && setInfo(r.value));
  }

  useEffect(() => {
    void bridge()
      .call('getRetention', undefined)
      .then((r) => (r.ok ? show(r.value) : setError(r.error.message)));
    readInfo();
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const maxAgeDays = whole(days, MAX_RETENTION_DAYS);
    const maxRows = whole(rows, MAX_RETENTION_ROWS);
    setNote(null);
    if (maxAgeDays === null)
      return setError(`Days: a whole number from 0 to ${count(MAX_RETENTION_DAYS)}; 0 sets no age limit.`);
    if (maxRows === null)
      return setError(`Rows: a whole number from 0 to ${count(MAX_RETENTION_ROWS)}; 0 sets no row limit.`);
    const r = await bridge().call('setRetention', { maxAgeDays, maxRows });
    if (!r.ok) {
      const fields = r.error.fieldErrors ?? {};
      return setError(Object.values(fields).flat().join('; ') || r.error.message);
    }
    setError(null);
    show(r.value);
    setNote(`Saved. ${kept(r.value)}`);
    changed(); // the change is in the audit log below
    readInfo();
  }

  const unchanged = saved !== null && days.trim() === String(saved.maxAgeDays) && rows.trim() === String(saved.maxRows);
  return (
    <section className="panel" aria-labelledby="exchange-retention-title">
      <h2 id="exchange-retention-title">Deliveries and captures</h2>
      {info && (
        <p className="muted" data-testid="storage-info">
          The log holds {count(info.rows.deliveries)} deliveries and {count(info.rows.captures)} captures (
          {count(info.rows.exchanges)} rows, {formatBytes(info.dbBytes + info.walBytes)} on disk).
        </p>
      )}
      {admin ? (
        <form className="inline-form wrap exchange-retention" onSubmit={save} aria-label="Exchange log retention">
          <Pair id="retention-days" label="Keep for" unit="days,">
            <input
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              disabled={saved === null}
              aria-invalid={error?.startsWith('Days') ? true : undefined}
              aria-describedby="retention-help"
            />
          </Pair>
          <Pair id="retention-rows" label="at most" unit="rows">
            <input
              className="rows"
              inputMode="numeric"
              value={rows}
              onChange={(e) => setRows(e.target.value)}
              disabled={saved === null}
              aria-invalid={error?.startsWith('Rows') ? true : undefined}
              aria-describedby="retention-help"
            />
          </Pair>
          <button type="submit" disabled={saved === null || unchanged}>
            Save
          </button>
          <span id="retention-help" className="muted small">
            0 sets no limit. {saved !== null && !note && !error ? kept(saved) : ''}
          </span>
          <FormOutcome note={note} error={error} inline />
        </form>
      ) : (
        <p data-testid="retention-read-only">
          {saved ? kept(saved) : error ? <span className="error-text">{error}</span> : 'Reading…'}{' '}
          <span className="muted small">An admin can change this.</span>
        </p>
      )}
    </section>
  );
}
