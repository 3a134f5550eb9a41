import { CopyButton } from '../../components/copy-button';
import type { ShownSecret } from '../../stores/subscriptions-store';
import { ModalDialog } from '../../components/modal-dialog';

/** The secret (or FusionAuth public key and JWKS), shown this once: the core keeps only a masked hint. */
export function SecretDialog({ shown, onClose }: { shown: ShownSecret; onClose(): void }) {
  const { issued, subscription } = shown;
  const jwks = issued.jwks ? JSON.stringify(issued.jwks, null, 2) : null;
  return (
    <ModalDialog
      title={shown.reason === 'created' ? 'Subscription created: copy its secret' : 'New secret: copy it'}
      onClose={onClose}
    >
      <p>
        {issued.secret ? 'This is the signing secret' : 'These verify the signatures'} for{' '}
        <strong>{subscription.name}</strong>. Copy it into your receiver now: <strong>it is not shown again</strong>
        {shown.reason === 'regenerated' ? ', and the old secret stopped working.' : '.'}
      </p>
      {issued.secret && (
        <div className="secret-block">
          <span className="label-like">Secret</span>
          <code data-testid="issued-secret" className="secret-value">
            {issued.secret}
          </code>
          <CopyButton text={issued.secret} label="Copy secret" />
        </div>
      )}
      {issued.kid && (
        <p className="small">
          Key id (<code>kid</code>): <code>{issued.kid}</code>
        </p>
      )}
      {issued.publicKeyPem && (
        <div className="secret-block">
          <span className="label-like">Public key (PEM)</span>
          <pre className="secret-pre" data-testid="issued-public-key">
            {issued.publicKeyPem}
          </pre>
          <CopyButton text={issued.publicKeyPem} label="Copy public key" />
        </div>
      )}
      {jwks && (
        <div className="secret-block">
          <span className="label-like">JWKS</span>
          <pre className="secret-pre">{jwks}</pre>
          <CopyButton text={jwks} label="Copy JWKS" />
        </div>
      )}
      <div className="actions modal-actions">
        <button type="button" className="primary" onClick={onClose} data-autofocus>
          I have copied it
        </button>
      </div>
    </ModalDialog>
  );
}
