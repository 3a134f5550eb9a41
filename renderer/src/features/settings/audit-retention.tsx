import { useEffect, useState, type FormEvent } from 'react';
import { MAX_AUDIT_RETENTION_DAYS } from '../../../../shared/model/settings';
import { bridge } from '../../bridge/bridge';
import { useAdminChanges } from '../../stores/admin-changes';
import { FormOutcome } from '../../components/form-outcome';
import { Pair } from './pair';

const kept = (days: number) =>
  days === 0 ? 'Every entry is kept.' : `Entries older than ${days} day${days === 1 ? ' is' : 's are'} removed.`;

/**
 * How long the audit log keeps entries (admins): a number of days, 0 for all.
 * Saving is itself an audited change; the removal runs in the background.
 */
export function AuditRetentionForm() {
  const [saved, setSaved] = useState<number | null>(null);
  const [days, setDays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const changed = useAdminChanges((s) => s.changed);

  useEffect(() => {
    void bridge()
      .call('getAuditRetention', undefined)
      .then((r) => {
        if (!r.ok) return setError(r.error.message);
        setSaved(r.value.maxAgeDays);
        setDays(String(r.value.maxAgeDays));
      });
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const n = Number(days.trim());
    if (days.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_AUDIT_RETENTION_DAYS) {
      setNote(null);
      return setError(`Whole days from 0 to ${MAX_AUDIT_RETENTION_DAYS}; 0 keeps every entry.`);
    }
    const r = await bridge().call('setAuditRetention', { maxAgeDays: n });
    if (!r.ok) {
      setNote(null);
      return setError(r.error.fieldErrors?.maxAgeDays?.join('; ') ?? r.error.message);
    }
    setError(null);
    setSaved(r.value.maxAgeDays);
    setDays(String(r.value.maxAgeDays));
    setNote(`Saved. ${kept(r.value.maxAgeDays)}`);
    changed(); // the change is in the audit log below
  }

  return (
    <form className="inline-form wrap audit-retention" onSubmit={save} aria-label="Audit log retention">
      <Pair id="audit-retention-days" label="Keep entries for" unit="days">
        <input
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          disabled={saved === null}
          aria-invalid={error ? true : undefined}
          aria-describedby="audit-retention-help"
        />
      </Pair>
      <button type="submit" disabled={saved === null || days.trim() === String(saved)}>
        Save
      </button>
      <span id="audit-retention-help" className="muted small">
        0 keeps every entry. {saved !== null && !note && !error ? kept(saved) : ''}
      </span>
      <FormOutcome note={note} error={error} inline />
    </form>
  );
}
