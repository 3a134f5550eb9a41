import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { SecretDialog } from './secret-dialog';
import { SubscriptionDetail } from './subscription-detail';
import { SubscriptionFormDialog } from './subscription-form';
import { SubscriptionList } from './subscription-list';
import { useNewShortcut } from '../../components/use-new-shortcut';
import './subscriptions.css';
import { GatedButton } from '../../components/gated';
import { canCall } from '../../stores/session-store';

type FormState = { mode: 'create' } | { mode: 'edit'; id: string } | null;

/** Subscriptions: the endpoints Hookbench delivers to, their health, and their secrets (shown once). */
export function SubscriptionsView() {
  const { items, error, secret, connect, dismissSecret } = useSubscriptionsStore();
  const [form, setForm] = useState<FormState>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  useEffect(() => connect(), [connect]);
  useNewShortcut(() => canCall('createSubscription') && setForm({ mode: 'create' }));

  // keep a selection while there is something to select; follow a newly created one
  const selected = items?.find((s) => s.id === selectedId) ?? items?.[0] ?? null;
  useEffect(() => {
    if (secret?.reason === 'created') setSelectedId(secret.subscription.id);
  }, [secret]);
  const editing = form?.mode === 'edit' ? (items?.find((s) => s.id === form.id) ?? null) : null;

  return (
    <div className="stack sub-area">
      <div className="toolbar">
        <GatedButton
          method="createSubscription"
          type="button"
          className="primary"
          onClick={() => setForm({ mode: 'create' })}
          aria-keyshortcuts="n"
        >
          New subscription
        </GatedButton>
        <span className="muted small">
          <kbd>n</kbd> new · <kbd>Esc</kbd> closes dialogs
        </span>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {items === null ? (
        !error && <p className="muted">Loading subscriptions…</p>
      ) : items.length === 0 ? (
        <EmptyState title="No subscriptions yet">
          A subscription is an endpoint of yours that receives signed events, e.g.{' '}
          <code>http://localhost:3000/webhooks</code>. Press <kbd>n</kbd> or “New subscription”, pick the provider to
          emulate, then send a test event from here or the Send area.
        </EmptyState>
      ) : (
        <>
          <section className="panel sub-list-panel" aria-label="Subscription list">
            <SubscriptionList items={items} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
          </section>
          {selected && (
            <SubscriptionDetail
              key={selected.id}
              subscription={selected}
              onEdit={() => setForm({ mode: 'edit', id: selected.id })}
            />
          )}
        </>
      )}
      {form && (form.mode === 'create' || editing) && (
        <SubscriptionFormDialog editing={editing} onClose={() => setForm(null)} />
      )}
      {secret && <SecretDialog shown={secret} onClose={dismissSecret} />}
    </div>
  );
}
