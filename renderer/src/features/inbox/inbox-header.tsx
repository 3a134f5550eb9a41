import type { InboxView } from '../../../../shared/model/inbox';
import { BreakableUrl } from '../../components/breakable-url';
import { CopyButton } from '../../components/copy-button';
import { GatedButton } from '../../components/gated';

export type InboxDialog = 'edit' | 'rule' | 'forwarding' | 'delete';

function ruleSummary(inbox: InboxView): string {
  const r = inbox.responseRule;
  const parts = [
    `${r.fault && r.fault !== 'slow' ? r.fault : r.status}${r.delayMs ? ` after ${r.delayMs} ms` : ''}${r.fault === 'slow' ? ' slowly' : ''}`,
  ];
  if (r.sequence.length)
    parts.unshift(r.sequence.map((s) => `${s.count}× ${s.fault ?? s.status}`).join(', ') + ', then');
  if (r.failureRate > 0) parts.push(`(${Math.round(r.failureRate * 100)}% ${r.failure.fault ?? r.failure.status})`);
  return parts.join(' ');
}

/** The selected inbox: its URL to give the provider, how it verifies, answers and forwards, and its actions. */
export function InboxHeader({ inbox, onOpen }: { inbox: InboxView; onOpen(d: InboxDialog): void }) {
  const v = inbox.verification;
  return (
    <section className="panel inbox-head" aria-labelledby="inbox-title">
      <div className="panel-head">
        <h2 id="inbox-title">{inbox.name}</h2>
        <div className="actions">
          <GatedButton method="updateInbox" type="button" onClick={() => onOpen('edit')}>
            Edit
          </GatedButton>
          <GatedButton method="setResponseRule" type="button" onClick={() => onOpen('rule')}>
            Response rule
          </GatedButton>
          <GatedButton method="setForwarding" type="button" onClick={() => onOpen('forwarding')}>
            Forwarding
          </GatedButton>
          <GatedButton method="deleteInbox" type="button" className="danger" onClick={() => onOpen('delete')}>
            Delete
          </GatedButton>
        </div>
      </div>
      <dl className="facts facts-dense" aria-label="Inbox settings">
        <dt>URL</dt>
        <dd className="url-line">
          {inbox.url ? (
            <>
              <BreakableUrl url={inbox.url} testId="inbox-url" /> <CopyButton text={inbox.url} label="Copy URL" />
            </>
          ) : (
            <span className="warn-text">The receiver is not running: no URL.</span>
          )}
          {inbox.portUrl && (
            <>
              <BreakableUrl url={inbox.portUrl} /> <CopyButton text={inbox.portUrl} label="Copy port URL" />
            </>
          )}
        </dd>
        <dt>Verification</dt>
        <dd>
          {v ? (
            `${v.profile}, ${v.secrets.length + v.keys.length} secret${v.secrets.length + v.keys.length === 1 ? '' : 's'}${v.toleranceSeconds !== null ? `, tolerance ${v.toleranceSeconds} s` : ''}${v.rejectInvalid ? '; invalid signatures get 401' : ''}`
          ) : (
            <span className="muted">off (captures are not checked)</span>
          )}
        </dd>
        <dt>Answers</dt>
        <dd>{inbox.forwarding?.respondWith === 'target' ? 'the forward target’s response' : ruleSummary(inbox)}</dd>
        <dt>Forwarding</dt>
        <dd>
          {inbox.forwarding ? (
            <>
              <BreakableUrl url={inbox.forwarding.url} />{' '}
              <span className="muted">(timeout {inbox.forwarding.timeoutMs} ms)</span>
            </>
          ) : (
            <span className="muted">off</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
