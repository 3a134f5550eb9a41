import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiKeyInfo, CreatedApiKey } from '../../../../shared/model/api-key';
import { bridge } from '../../bridge/bridge';
import { formatDateTime } from '../../components/exchange/exchange-format';

/** API keys for the REST APIs: create (shown once), list by hint, revoke. */
export function ApiKeysPanel() {
  const [keys, setKeys] = useState<ApiKeyInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const load = useCallback(async () => {
    const r = await bridge().call('listApiKeys', undefined);
    if (r.ok) setKeys(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => void load(), [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    const r = await bridge().call('createApiKey', { name });
    if (!r.ok) return setError(r.error.fieldErrors?.name?.join('; ') ?? r.error.message);
    setError(null);
    setName('');
    setCreated(r.value);
    void load();
  }

  async function revoke(k: ApiKeyInfo) {
    if (!window.confirm(`Revoke the API key "${k.name}" (…${k.hint})? Scripts using it will get 401.`)) return;
    const r = await bridge().call('revokeApiKey', { id: k.id });
    if (!r.ok) setError(r.error.message);
    if (created?.id === k.id) setCreated(null);
    void load();
  }

  return (
    <section className="panel" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <p className="muted">
        For the REST APIs (<code>/api/v1</code>, FusionAuth-compatible <code>/api/webhook</code>): send the key as the{' '}
        <code>Authorization</code> header.
      </p>
      <form className="inline-form" onSubmit={create}>
        <label htmlFor="api-key-name">Name</label>
        <input
          id="api-key-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="ci"
          aria-invalid={error ? true : undefined}
        />
        <button type="submit">Create key</button>
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {created && (
        <div className="secret-once" role="status" aria-label="New API key">
          <p>
            Copy the key for <strong>{created.name}</strong> now — it is not shown again:
          </p>
          <code data-testid="created-api-key">{created.key}</code>
        </div>
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
