import { useState, type FormEvent } from 'react';
import { inboxMethods } from '../../../../shared/api/methods/inbox';
import type { InboxView } from '../../../../shared/model/inbox';
import { Field } from '../../components/field';
import { useInboxStore } from '../../stores/inbox-store';
import { ModalDialog } from '../../components/modal-dialog';
import { ModalFormFooter } from '../../components/modal-form-footer';
import { fieldsNeedAttention } from '../../components/use-modal-form';
import { collectErrors, issuesToErrors, type FormErrors } from './inbox-form-model';
import { friendlyIssue } from '../../components/friendly-issue';

const key = (path: string) => path.split('.')[0] ?? '';

/** Forward each capture to the user's app; answer the sender with the app's answer or with the rule. */
export function ForwardingEditor({ inbox, onClose }: { inbox: InboxView; onClose(): void }) {
  const f = inbox.forwarding;
  const [url, setUrl] = useState(f?.url ?? '');
  const [respondWith, setRespondWith] = useState<'target' | 'rule'>(f?.respondWith ?? 'target');
  const [timeout, setTimeoutText] = useState(String(f?.timeoutMs ?? 10_000));
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function save(stop: boolean) {
    const timeoutMs = Number(timeout);
    const input = { id: inbox.id, url: stop ? null : url.trim(), respondWith, timeoutMs };
    const parsed = inboxMethods.setForwarding.input.safeParse(input, { error: friendlyIssue });
    if (!parsed.success || !Number.isInteger(timeoutMs)) {
      setErrors({
        ...(parsed.success ? {} : issuesToErrors(parsed.error.issues, key)),
        ...(Number.isInteger(timeoutMs) ? {} : { timeoutMs: 'Whole milliseconds, e.g. 10000' }),
      });
      return setFormError(fieldsNeedAttention);
    }
    const error = await useInboxStore.getState().setForwarding(input);
    if (!error) return onClose();
    setErrors(collectErrors(Object.entries(error.fieldErrors ?? {}), key));
    setFormError(error.message);
  }

  return (
    <ModalDialog title={`Forwarding of ${inbox.name}`} onClose={onClose}>
      <form
        aria-label="Forwarding"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save(false);
        }}
        noValidate
      >
        <Field
          label="Target URL"
          error={errors.url}
          hint="The capture’s sub-path and query are appended; bytes and header order are kept"
        >
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="http://localhost:3000/webhooks"
            spellCheck={false}
            data-autofocus
          />
        </Field>
        <fieldset className="sub-section">
          <legend>Answer the sender with</legend>
          <label className="check">
            <input
              type="radio"
              name="respond"
              checked={respondWith === 'target'}
              onChange={() => setRespondWith('target')}
            />{' '}
            the target’s response (502 when it is down)
          </label>
          <label className="check">
            <input
              type="radio"
              name="respond"
              checked={respondWith === 'rule'}
              onChange={() => setRespondWith('rule')}
            />{' '}
            the inbox’s response rule
          </label>
        </fieldset>
        <Field label="Timeout (ms)" error={errors.timeoutMs}>
          <input value={timeout} onChange={(e) => setTimeoutText(e.target.value)} inputMode="numeric" />
        </Field>
        <ModalFormFooter formError={formError} submitLabel="Save forwarding" onCancel={onClose}>
          {f && (
            <button type="button" className="danger" onClick={() => void save(true)}>
              Stop forwarding
            </button>
          )}
        </ModalFormFooter>
      </form>
    </ModalDialog>
  );
}
