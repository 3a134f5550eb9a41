import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { roleLabels, roles, type Role, type User } from '../../../../shared/model/account';
import { bridge } from '../../bridge/bridge';
import { useAdminChanges } from '../../stores/admin-changes';
import { useSessionStore } from '../../stores/session-store';
import { formatDateTime, formatTime } from '../../components/exchange/exchange-format';
import { FormOutcome } from '../../components/form-outcome';
import { Pair } from './pair';
import { ShownOnce } from './shown-once';

const when = (iso: string | null) => (iso ? formatTime(iso, { ms: false }) : 'never');

/** A password to hand over once: after creating an account or resetting one. */
type Handover = { email: string; password: string };

/**
 * Accounts (admins): create one with a role (a password typed, or one
 * generated and shown once), change roles, disable or enable, reset a
 * password, sign someone out everywhere. The core refuses to take away the
 * last enabled admin and says so.
 */
/** Who keeps working without signing in: the local owner, in a desktop window or from the link serve printed. */
const ownerNote = () =>
  'hookbench' in window
    ? ' (this desktop window keeps working without)'
    : ' (this page, opened from the link hookbench serve printed on this machine, keeps working without)';

export function UsersPanel() {
  const me = useSessionStore((s) => s.user);
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [handover, setHandover] = useState<Handover | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  const changed = useAdminChanges((s) => s.changed);
  const load = useCallback(async () => {
    const r = await bridge().call('listUsers', undefined);
    if (r.ok) setUsers(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const r = await bridge().call('createUser', { email, role, ...(password ? { password } : {}) });
    if (!r.ok) {
      setFieldErrors(r.error.fieldErrors ?? {});
      return setError(r.error.message);
    }
    setError(null);
    setFieldErrors({});
    setEmail('');
    setPassword('');
    setHandover(r.value.password ? { email: r.value.user.email, password: r.value.password } : null);
    setNotice(`Created ${r.value.user.email} as ${roleLabels[r.value.user.role]}.`);
    changed();
    void load();
  }

  async function change(u: User, patch: { role?: Role; disabled?: boolean }, done: string) {
    setNotice(null);
    const r = await bridge().call('updateUser', { id: u.id, ...patch });
    if (!r.ok) setError(r.error.message);
    else {
      setError(null);
      setNotice(done);
    }
    changed();
    void load();
  }

  async function reset(u: User) {
    if (!window.confirm(`Reset the password of ${u.email}? Their sessions end; a new password is shown once.`)) return;
    const r = await bridge().call('resetPassword', { id: u.id });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setHandover(r.value.password ? { email: u.email, password: r.value.password } : null);
    setNotice(`New password set for ${u.email}; their sessions ended.`);
    changed();
  }

  async function endSessions(u: User) {
    const r = await bridge().call('endUserSessions', { id: u.id });
    if (!r.ok) return setError(r.error.message);
    setNotice(`${u.email} is signed out everywhere (${r.value.ended} session${r.value.ended === 1 ? '' : 's'} ended).`);
    changed();
  }

  return (
    <section className="panel" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <p className="muted">
        People who sign in to this Hookbench in a browser. <strong>Viewers</strong> browse, search, open and export;{' '}
        <strong>editors</strong> also send, replay and edit subscriptions and inboxes; <strong>admins</strong> also
        manage users, API keys and retention. As soon as one account exists, browsers must sign in
        {me?.kind === 'owner' ? ownerNote() : ''}.
      </p>
      <form className="inline-form wrap" onSubmit={(e) => void create(e)} aria-label="New user">
        <Pair id="new-user-email" label="Email">
          <input
            type="email"
            // someone else's address: the browser must not fill in the admin's own
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="sam@example.org"
            aria-invalid={fieldErrors.email ? true : undefined}
          />
        </Pair>
        <Pair id="new-user-role" label="Role">
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </Pair>
        <Pair id="new-user-password" label="Password">
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            placeholder="blank: generate one"
            aria-invalid={fieldErrors.password ? true : undefined}
          />
        </Pair>
        <button type="submit" className="primary">
          Create user
        </button>
      </form>
      <FormOutcome note={notice} error={error} />
      {handover && (
        <ShownOnce label="New password" testId="handover-password" value={handover.password}>
          Password for <strong>{handover.email}</strong> — hand it over safely now; it is not shown again:
        </ShownOnce>
      )}
      {users === null ? (
        <p className="muted">Loading…</p>
      ) : users.length === 0 ? (
        <p className="muted">No accounts yet: sign-in is off.</p>
      ) : (
        <table className="simple-table" aria-label="Users">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>State</th>
              <th>Last sign-in</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td>
                  {u.email}
                  {me?.userId === u.id && <span className="muted"> (you)</span>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    onChange={(e) =>
                      void change(
                        u,
                        { role: e.target.value as Role },
                        `${u.email} is now ${roleLabels[e.target.value as Role]}.`,
                      )
                    }
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {roleLabels[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.disabled ? <span className="error-text">Disabled</span> : 'Active'}</td>
                <td className="nowrap" title={u.lastSignInAt ? formatDateTime(u.lastSignInAt) : undefined}>
                  {when(u.lastSignInAt)}
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      onClick={() =>
                        void change(
                          u,
                          { disabled: !u.disabled },
                          `${u.email} is ${u.disabled ? 'enabled' : 'disabled'}.`,
                        )
                      }
                      aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" onClick={() => void reset(u)} aria-label={`Reset password of ${u.email}`}>
                      Reset password
                    </button>
                    <button
                      type="button"
                      onClick={() => void endSessions(u)}
                      aria-label={`Sign out ${u.email} everywhere`}
                    >
                      Sign out everywhere
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
