import { useState } from 'react';
import type { Subscription } from '../../../../shared/model/subscription';
import { CopyButton } from '../../components/copy-button';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { formatRate } from './health-format';
import { ConfirmDialog } from '../../components/modal-dialog';
import { TestSendPanel } from './test-send-panel';
import { CheckPanel } from './check-panel';
import { GatedButton } from '../../components/gated';

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

/** One subscription: its facts, health numbers, actions (edit, regenerate, delete) and the test sender. */
export function SubscriptionDetail({ subscription: s, onEdit }: { subscription: Subscription; onEdit(): void }) {
  const h = useSubscriptionsStore((st) => st.health[s.id]);
  const [confirm, setConfirm] = useState<'delete' | 'regenerate' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: 'delete' | 'regenerate') {
    setBusy(true);
    const store = useSubscriptionsStore.getState();
    const err = action === 'delete' ? await store.remove(s.id) : await store.regenerate(s.id);
    setBusy(false);
    setConfirm(null);
    setError(err ? err.message : null);
  }

  return (
    <section className="panel sub-detail" aria-labelledby="sub-detail-title">
      <div className="panel-head">
        <h2 id="sub-detail-title">{s.name}</h2>
        <div className="actions">
          <GatedButton method="updateSubscription" type="button" onClick={onEdit}>
            Edit
          </GatedButton>
          <GatedButton method="regenerateSecret" type="button" onClick={() => setConfirm('regenerate')}>
            Regenerate secret
          </GatedButton>
          <GatedButton
            method="deleteSubscription"
            type="button"
            className="danger"
            onClick={() => setConfirm('delete')}
          >
            Delete
          </GatedButton>
        </div>
      </div>
      {s.description && <p className="muted">{s.description}</p>}
      {!s.enabled && (
        <p className="warn-text" role="status">
          Disabled{s.disabledReason ? `: ${s.disabledReason}` : ''}. Events are not delivered until it is enabled again.
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="sub-detail-grid">
        <dl className="facts facts-dense" aria-label="Subscription">
          <dt>URL</dt>
          <dd className="url-line">
            <code>{s.url}</code> <CopyButton text={s.url} label="Copy URL" />
          </dd>
          <dt>Profile</dt>
          <dd>
            {s.profile}
            {s.fusionAuthKey ? ` · ${s.fusionAuthKey.alg} key ${s.fusionAuthKey.kid}` : ''}
          </dd>
          <dt>Secret</dt>
          <dd>
            <code>{s.secretHint}</code>
          </dd>
          <dt>Events</dt>
          <dd>{s.events === 'all' ? 'all' : s.events.join(', ')}</dd>
          <dt>Timeouts</dt>
          <dd>
            connect {s.connectTimeoutMs} ms · read {s.readTimeoutMs} ms
          </dd>
          <dt>Retries</dt>
          <dd>
            {s.retry.mode === 'profile'
              ? 'the provider’s schedule'
              : `${s.retry.maxAttempts} attempts, delays ${s.retry.delaysMs.map((d) => `${d / 1000} s`).join(', ')}`}
          </dd>
        </dl>
        <dl className="facts facts-dense" aria-label="Health, last 24 hours">
          <dt>Success rate</dt>
          <dd>
            {formatRate(h)}
            {h ? ` (${h.succeeded} ok, ${h.failed} failed)` : ''}
          </dd>
          <dt>Requests</dt>
          <dd>
            {h ? `${h.totalRequests} (${h.totalAttempts} ${h.totalAttempts === 1 ? 'attempt' : 'attempts'})` : '—'}
          </dd>
          <dt>Latency</dt>
          <dd>
            p50 {ms(h?.latencyP50Ms ?? null)} · p95 {ms(h?.latencyP95Ms ?? null)}
          </dd>
          <dt>Failing streak</dt>
          <dd>{h ? h.consecutiveFailures : '—'}</dd>
        </dl>
      </div>
      <TestSendPanel subscription={s} />
      <CheckPanel subscription={s} />
      {confirm === 'delete' && (
        <ConfirmDialog
          title={`Delete ${s.name}?`}
          confirmLabel="Delete subscription"
          busy={busy}
          onConfirm={() => void run('delete')}
          onClose={() => setConfirm(null)}
        >
          Its pending retries are cancelled; past deliveries stay in Deliveries.
        </ConfirmDialog>
      )}
      {confirm === 'regenerate' && (
        <ConfirmDialog
          title={`Regenerate the secret of ${s.name}?`}
          confirmLabel="Regenerate secret"
          busy={busy}
          onConfirm={() => void run('regenerate')}
          onClose={() => setConfirm(null)}
        >
          The current secret ({s.secretHint}) stops working at once: receivers must be given the new one, which is shown
          once.
        </ConfirmDialog>
      )}
    </section>
  );
}
