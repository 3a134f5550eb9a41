import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { ExchangeBrowser } from '../../components/exchange/exchange-browser';
import { SearchBar } from '../../components/exchange/filter-bar';
import { ConfirmDialog } from '../../components/modal-dialog';
import { BreakableUrl } from '../../components/breakable-url';
import { useNewShortcut } from '../../components/use-new-shortcut';
import type { InboxView as Inbox } from '../../../../shared/model/inbox';
import { emptyQuery, fromHash } from '../../stores/exchange/exchange-filter-url';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { useInboxStore } from '../../stores/inbox-store';
import { receiverBase, useStatusStore } from '../../stores/status-store';
import { ForwardingEditor } from './forwarding-editor';
import { InboxFormDialog } from './inbox-form';
import { InboxHeader, type InboxDialog } from './inbox-header';
import { ResponseRuleEditor } from './response-rule-editor';
import './inbox.css';
import { GatedButton } from '../../components/gated';
import { canCall } from '../../stores/session-store';

function NothingCaptured({ inbox }: { inbox: Inbox }) {
  return (
    <EmptyState title="Nothing captured yet">
      {inbox.url ? (
        <>
          <p className="empty-line">Point your provider at</p>
          <p className="empty-line url-line">
            <BreakableUrl url={inbox.url} /> <CopyButton text={inbox.url} label="Copy" />
          </p>
          <p className="empty-line">or try it:</p>
          <pre className="empty-command">
            curl -X POST {inbox.url} -d '{'{}'}'
          </pre>
          <p className="empty-line">Requests appear here as they arrive.</p>
        </>
      ) : (
        <p className="empty-line">The receiver is not running, so this inbox has no URL yet: check Settings.</p>
      )}
    </EmptyState>
  );
}

/** The inbox to show: the one in the URL when it exists, else the first. */
function useShownInbox(): Inbox | null {
  const inboxes = useInboxStore((s) => s.inboxes);
  const selectedId = useInboxStore((s) => s.selectedId);
  const select = useInboxStore((s) => s.select);
  const inbox = inboxes?.find((i) => i.id === selectedId) ?? null;
  const shownId = inbox?.id ?? null;
  useEffect(() => {
    if (inboxes && !shownId && inboxes.length) select(inboxes[0]!.id);
  }, [inboxes, shownId, select]);
  // the captures are the exchange list under {capture, this inbox}; a filter in the URL applies to the inbox it names
  useEffect(() => {
    if (!shownId) return;
    const read = fromHash(location.hash);
    const query = read?.area === 'inbox' && read.inboxId === shownId ? read.query : emptyQuery();
    useExchangeStore.getState().enter({ area: 'inbox', inboxId: shownId }, query);
  }, [shownId]);
  return inbox;
}

/** Inbox: local endpoints that capture, verify, answer and forward what providers send. */
export function InboxView() {
  const inboxes = useInboxStore((s) => s.inboxes);
  const error = useInboxStore((s) => s.error);
  const selectedId = useInboxStore((s) => s.selectedId);
  const select = useInboxStore((s) => s.select);
  const connectInboxes = useInboxStore((s) => s.connect);
  const connectExchanges = useExchangeStore((s) => s.connect);
  const searchRef = useRef<HTMLInputElement>(null);
  const [dialog, setDialog] = useState<InboxDialog | 'new' | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  useStatusStore((s) => s.status); // the receiver's address in the empty state follows the status
  useEffect(() => {
    const read = fromHash(location.hash);
    if (read?.area === 'inbox' && read.inboxId) select(read.inboxId);
    const offInboxes = connectInboxes();
    const offExchanges = connectExchanges();
    return () => {
      offInboxes();
      offExchanges();
    };
  }, [connectInboxes, connectExchanges, select]);
  useNewShortcut(() => canCall('createInbox') && setDialog('new'));
  const inbox = useShownInbox();

  async function remove() {
    if (!inbox) return;
    const err = await useInboxStore.getState().remove(inbox.id);
    setDeleteError(err?.message ?? null);
    setDialog(null);
  }

  const example = `${receiverBase() ?? 'http://127.0.0.1:7781'}/in/my-app`;
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
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <ul className="inbox-list">
          {inboxes?.map((i) => (
            <li key={i.id}>
              <button
                type="button"
                className={i.id === selectedId ? 'inbox-item open' : 'inbox-item'}
                aria-pressed={i.id === selectedId}
                onClick={() => select(i.id)}
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
        {inboxes?.length === 0 && (
          <EmptyState title="No inboxes yet">
            An inbox is a local URL that records every request sent to it, checks its signature, answers as you tell it
            and can forward to your app. Press <kbd>n</kbd> or “New inbox”, then point your provider at the URL it shows
            (e.g. <BreakableUrl url={example} />
            ).
          </EmptyState>
        )}
        {inbox && <InboxHeader inbox={inbox} onOpen={setDialog} />}
        {inbox && (
          <section className="exchange-view inbox-captures" aria-label="Live captures">
            <div className="captures-head">
              <h3>
                Captures <span className="live-dot" aria-hidden="true" /> <span className="muted small">live</span>
              </h3>
              <SearchBar searchRef={searchRef} />
            </div>
            <ExchangeBrowser
              columns="inbox"
              label="Captures"
              searchRef={searchRef}
              empty={<NothingCaptured inbox={inbox} />}
            />
          </section>
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
          Its URL stops answering (requests get 404). Its captures stay in Deliveries.
        </ConfirmDialog>
      )}
    </div>
  );
}
