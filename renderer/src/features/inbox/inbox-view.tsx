import { useEffect, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { useInboxStore } from '../../stores/inbox-store';
import { ConfirmDialog } from '../../components/modal-dialog';
import { useNewShortcut } from '../subscriptions/use-new-shortcut';
import { CaptureDetail } from './capture-detail';
import { CaptureList } from './capture-list';
import { ForwardingEditor } from './forwarding-editor';
import { InboxFormDialog } from './inbox-form';
import { InboxHeader, type InboxDialog } from './inbox-header';
import { ResponseRuleEditor } from './response-rule-editor';
import './inbox.css';
import { GatedButton } from '../../components/gated';
import { canCall } from '../../stores/session-store';

/** Inbox: local endpoints that capture, verify, answer and forward what providers send. */
export function InboxView() {
  const s = useInboxStore();
  const connect = useInboxStore((st) => st.connect);
  const [dialog, setDialog] = useState<InboxDialog | 'new' | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  useEffect(() => connect(), [connect]);
  useNewShortcut(() => canCall('createInbox') && setDialog('new'));
  const inbox = s.inboxes?.find((i) => i.id === s.selectedId) ?? null;

  async function remove() {
    if (!inbox) return;
    const err = await useInboxStore.getState().remove(inbox.id);
    setDeleteError(err?.message ?? null);
    setDialog(null);
  }

  return (
    <div className="inbox-area">
      <aside className="panel inbox-side" aria-label="Inboxes">
        <GatedButton
          method="createInbox"
          type="button"
          className="primary"
          onClick={() => setDialog('new')}
          aria-keyshortcuts="n"
        >
          New inbox
        </GatedButton>
        <span className="muted small">
          <kbd>n</kbd> new
        </span>
        {s.error && (
          <p role="alert" className="error-text">
            {s.error}
          </p>
        )}
        <ul className="inbox-list">
          {s.inboxes?.map((i) => (
            <li key={i.id}>
              <button
                type="button"
                className={i.id === s.selectedId ? 'inbox-item open' : 'inbox-item'}
                aria-pressed={i.id === s.selectedId}
                onClick={() => void s.select(i.id)}
              >
                <strong>{i.name}</strong>
                <span className="muted small">/in/{i.slug}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="inbox-main">
        {deleteError && (
          <p role="alert" className="error-text">
            {deleteError}
          </p>
        )}
        {s.inboxes?.length === 0 && (
          <EmptyState title="No inboxes yet">
            An inbox is a local URL that records every request sent to it, checks its signature, answers as you tell it
            and can forward to your app. Press <kbd>n</kbd> or “New inbox”, then point your provider at the URL it shows
            (e.g. <code>http://127.0.0.1:7781/in/my-app</code>).
          </EmptyState>
        )}
        {inbox && <InboxHeader inbox={inbox} onOpen={setDialog} />}
        {inbox && (
          <div className="capture-split">
            <section className="panel capture-col" aria-label="Live captures">
              <h3>
                Captures <span className="live-dot" aria-hidden="true" /> <span className="muted small">live</span>
              </h3>
              {s.capturesError && (
                <p role="alert" className="error-text">
                  {s.capturesError}
                </p>
              )}
              {s.captures === null ? (
                <p className="muted">Loading captures…</p>
              ) : s.captures.length === 0 ? (
                <EmptyState title="Nothing captured yet">
                  {inbox.url ? (
                    <>
                      <p className="empty-line">Point your provider at</p>
                      <p className="empty-line url-line">
                        <code>{inbox.url}</code> <CopyButton text={inbox.url} label="Copy" />
                      </p>
                      <p className="empty-line">
                        or try it:{' '}
                        <code>
                          curl -X POST {inbox.url} -d '{'{}'}'
                        </code>
                      </p>
                      <p className="empty-line">Requests appear here as they arrive.</p>
                    </>
                  ) : (
                    <p className="empty-line">
                      The receiver is not running, so this inbox has no URL yet: check Settings.
                    </p>
                  )}
                </EmptyState>
              ) : (
                <CaptureList rows={s.captures} openId={s.openCaptureId} onOpen={(id) => void s.openCapture(id)} />
              )}
            </section>
            <section className="panel detail-col" aria-label="Capture">
              {s.detailError && (
                <p role="alert" className="error-text">
                  {s.detailError}
                </p>
              )}
              {s.detail ? (
                <CaptureDetail key={s.detail.id} capture={s.detail} />
              ) : s.openCaptureId ? (
                <p className="muted">Loading…</p>
              ) : (
                <p className="muted">
                  Pick a capture to see its headers, body, the verification steps, what was answered and the forward
                  result.
                </p>
              )}
            </section>
          </div>
        )}
      </div>
      {dialog === 'new' && <InboxFormDialog editing={null} onClose={() => setDialog(null)} />}
      {dialog === 'edit' && inbox && <InboxFormDialog editing={inbox} onClose={() => setDialog(null)} />}
      {dialog === 'rule' && inbox && <ResponseRuleEditor inbox={inbox} onClose={() => setDialog(null)} />}
      {dialog === 'forwarding' && inbox && <ForwardingEditor inbox={inbox} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && inbox && (
        <ConfirmDialog
          title={`Delete ${inbox.name}?`}
          confirmLabel="Delete inbox"
          onConfirm={() => void remove()}
          onClose={() => setDialog(null)}
        >
          Its URL stops answering (requests get 404). Its captures stay in the Deliveries log.
        </ConfirmDialog>
      )}
    </div>
  );
}
