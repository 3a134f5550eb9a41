import { useState, type FormEvent } from 'react';
import { roleLabels } from '../../../../shared/model/account';
import { Field } from '../../components/field';
import { bridge } from '../../bridge/bridge';
import { useSessionStore } from '../../stores/session-store';

/** The signed-in user's own account: who and which role, change the password, sign out on every device. */
export function AccountPanel() {
  const user = useSessionStore((s) => s.user);
  const signOut = useSessionStore((s) => s.signOut);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  if (!user || user.kind !== 'user') return null;

  async function change(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (next !== again) return setErrors({ again: 'The two new passwords differ.' });
    const r = await bridge().call('changePassword', { currentPassword: current, newPassword: next });
    if (!r.ok) {
      const f = r.error.fieldErrors ?? {};
      return setErrors({
        ...(f.currentPassword ? { current: f.currentPassword.join('; ') } : {}),
        ...(f.newPassword ? { next: f.newPassword.join('; ') } : {}),
        ...(!f.currentPassword && !f.newPassword ? { form: r.error.message } : {}),
      });
    }
    setErrors({});
    setCurrent('');
    setNext('');
    setAgain('');
    setDone('Password changed. Your other sessions ended; this one stays signed in.');
  }

  async function everywhere() {
    const r = await bridge().call('signOutEverywhere', undefined);
    if (r.ok) await signOut();
    else setErrors({ form: r.error.message });
  }

  return (
    <section className="panel" aria-labelledby="account-title">
      <h2 id="account-title">Your account</h2>
      <dl className="facts">
        <dt>Signed in as</dt>
        <dd>{user.label}</dd>
        <dt>Role</dt>
        <dd>{roleLabels[user.role]}</dd>
      </dl>
      {user.hasPassword && (
        <form className="account-form" onSubmit={(e) => void change(e)} aria-label="Change password">
          <h3>Change password</h3>
          <Field label="Current password" error={errors.current}>
            <input
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </Field>
          <Field label="New password" hint="At least 12 characters; a passphrase is best." error={errors.next}>
            <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
          </Field>
          <Field label="New password again" error={errors.again}>
            <input
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
            />
          </Field>
          <div className="actions">
            <button type="submit" className="primary">
              Change password
            </button>
            <button type="button" onClick={() => void everywhere()}>
              Sign out everywhere
            </button>
          </div>
        </form>
      )}
      {errors.form && (
        <p role="alert" className="error-text">
          {errors.form}
        </p>
      )}
      {done && (
        <p role="status" className="ok-text">
          {done}
        </p>
      )}
    </section>
  );
}
