import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiKeyInfo, CreatedApiKey } from '../../../../shared/model/api-key';
import { roleLabels, type User } from '../../../../shared/model/account';
import { bridge } from '../../bridge/bridge';
import { useAdminChanges } from '../../stores/admin-changes';
import { formatDateTime } from '../../components/exchange/exchange-format';
import { FormOutcome } from '../../components/form-outcome';
import { ShownOnce } from './shown-once';

function actsFor(k: ApiKeyInfo): string {
  if (!k.user) return 'Local owner (Admin)';
  return `${k.user.email} (${roleLabels[k.user.role]}${k.user.disabled ? ', disabled: refused' : ''})`;
}

/**
 * API keys for the REST APIs: each acts for an account and carries its role
 * (created shown once, listed by hint, revoked); keys of the local owner act as admins.
 */
export function ApiKeysPanel() {
  const [keys, setKeys] = useState<ApiKeyInfo[] | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [user, setUser] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const changed = useAdminChanges((s) => s.changed);
  const load = useCallback(async () => {
    const [r, u] = await Promise.all([bridge().call('listApiKeys', undefined), bridge().call('listUsers', undefined)]);
    if (r.ok) setKeys(r.value);
    else setError(r.error.message);
    if (u.ok) setUsers(u.value.filter((x) => !x.disabled));
  }, []);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    const r = await bridge().call('createApiKey', { name, ...(user ? { user } : {}) });
    if (!r.ok) return setError(r.error.fieldErrors?.name?.join('; ') ?? r.error.message);
    setError(null);
    setName('');
    setCreated(r.value);
    changed();
    void load();
  }

  async function revoke(k: ApiKeyInfo) {
    if (!window.confirm(`Revoke the API key "${k.name}" (…${k.hint})? Scripts using it will get 401.`)) return;
    const r = await bridge().call('revokeApiKey', { id: k.id });
    if (!r.ok) setError(r.error.message);
    if (created?.id === k.id) setCreated(null);
    changed();
    void load();
  }

  return (
    <section className="panel" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <p className="muted">
        For the REST APIs (<code>/api/v1</code>, FusionAuth-compatible <code>/api/webhook</code>): send the key as the{' '}
        <code>Authorization</code> header. A key acts for an account with that account&apos;s role, and stops working
        when the account is disabled.
      </p>
      <form className="inline-form wrap" onSubmit={create}>
        <label htmlFor="api-key-name">Name</label>
        <input
          id="api-key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="ci"
          aria-invalid={error ? true : undefined}
        />
        {users.length > 0 && (
          <>
            <label htmlFor="api-key-user">Acts for</label>
            <select id="api-key-user" value={user} onChange={(e) => setUser(e.target.value)}>
              <option value="">Me</option>
              {users.map((u) => (
                <option key={u.id} value={u.email}>
                  {u.email} ({roleLabels[u.role]})
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">Create key</button>
      </form>
      <FormOutcome error={error} />
      {created && (
        <ShownOnce label="New API key" testId="created-api-key" value={created.key}>
          Copy the key for <strong>{created.name}</strong> ({actsFor(created)}) now — it is not shown again:
        </ShownOnce>
      )}
      {keys === null ? (
        <p className="muted">Loading…</p>
      ) : keys.length === 0 ? (
        <p className="muted">No API keys yet.</p>
      ) : (
        <table className="simple-table" aria-label="API keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Acts for</th>
              <th>Created</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>…{k.hint}</code>
                </td>
                <td>{actsFor(k)}</td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td>
                  <button type="button" onClick={() => void revoke(k)} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
