import { useMemo, useState } from 'react';
import { profileIds, type ProfileId } from '../../../../shared/model/signing';
import type { BodyView, ExchangeDetail } from '../../../../shared/model/exchange';
import { Field } from '../../components/field';
import { CodeEditor } from '../../editor/code-editor';
import type { EditorProblem } from '../../editor/editor-problem';
import { useDetailStore } from '../../stores/log-detail-store';

function startingBody(body: BodyView): { text: string; json: boolean } {
  const text = body.text ?? '';
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

function urlProblem(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'Use an http:// or https:// URL.';
  } catch {
    return 'Not a URL (e.g. http://localhost:3000/webhooks).';
  }
}

/**
 * Edit & replay: the stored body in Monaco, sent as a new delivery to the
 * original subscription or another URL. Invalid JSON (when the body was JSON)
 * is shown inline and never sent.
 */
export function ReplayForm({ detail, onDone }: { detail: ExchangeDetail; onDone(): void }) {
  const replay = useDetailStore((s) => s.replay);
  const replaying = useDetailStore((s) => s.replaying);
  const isDelivery = detail.kind === 'delivery';
  const stored = isDelivery ? detail.delivery.request.body : detail.capture.body;
  const start = useMemo(() => startingBody(stored), [stored]);
  const hasOriginal = isDelivery && detail.delivery.subscriptionId !== '';
  const [body, setBody] = useState(start.text);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [where, setWhere] = useState<'original' | 'url'>(hasOriginal ? 'original' : 'url');
  const [url, setUrl] = useState('');
  const [provider, setProvider] = useState<ProfileId>(
    (isDelivery && (profileIds as readonly string[]).includes(detail.delivery.profile ?? '')
      ? detail.delivery.profile
      : 'standard-webhooks') as ProfileId,
  );
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});

  const jsonError = start.json ? problems.find((p) => p.severity === 'error') : undefined;
  const urlError = where === 'url' ? urlProblem(url) : null;
  const bodyEmpty = body.trim() === '';
  const unchanged = body === start.text;
  const blocked = Boolean(jsonError) || Boolean(urlError) || bodyEmpty || stored.isText === false;

  async function submit() {
    setTouched(true);
    if (blocked) return;
    // an untouched body goes as the stored bytes (same message id, exact signature input)
    const result = await replay({
      ...(unchanged ? {} : { body }),
      ...(where === 'url' ? { url: { url, provider, ...(secret ? { secret } : {}) } } : {}),
    });
    if (result.ok) onDone();
    else setServerErrors(result.fieldErrors ?? {});
  }

  return (
    <form
      className="replay-form"
      aria-label="Edit and replay"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!stored.isText ? (
        <p className="error-text">This body is binary; it can be replayed unchanged only (use Replay).</p>
      ) : (
        <div className="field">
          <span className="label-like">Body {start.json ? '(JSON)' : '(text)'}</span>
          <CodeEditor
            value={body}
            onChange={setBody}
            language={start.json ? 'json' : 'plaintext'}
            height={240}
            aria-label="Replay body"
            onProblems={setProblems}
            onSubmit={() => void submit()}
          />
          <span className="field-error error-text" role="alert">
            {jsonError
              ? `Line ${jsonError.line}, column ${jsonError.column}: ${jsonError.message}`
              : bodyEmpty && touched
                ? 'The body is empty.'
                : (serverErrors.body?.[0] ?? '')}
          </span>
        </div>
      )}
      <fieldset className="target">
        <legend>Send to</legend>
        <div className="segmented" role="radiogroup" aria-label="Replay target">
          {hasOriginal && (
            <label className={where === 'original' ? 'seg seg-on' : 'seg'}>
              <input
                type="radio"
                name="replay-target"
                checked={where === 'original'}
                onChange={() => setWhere('original')}
              />{' '}
              Original subscription
            </label>
          )}
          <label className={where === 'url' ? 'seg seg-on' : 'seg'}>
            <input type="radio" name="replay-target" checked={where === 'url'} onChange={() => setWhere('url')} />{' '}
            Another URL
          </label>
        </div>
        {where === 'url' && (
          <div className="row">
            <Field label="URL" className="grow" error={touched ? (urlError ?? serverErrors['target.url']?.[0]) : null}>
              <input
                type="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="http://localhost:3000/webhooks"
              />
            </Field>
            <Field label="Signed as" error={serverErrors['target.provider']?.[0]}>
              <select value={provider} onChange={(e) => setProvider(e.target.value as ProfileId)}>
                {profileIds.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Secret" hint="Signs this replay; never stored." error={serverErrors['target.secret']?.[0]}>
              <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />
            </Field>
          </div>
        )}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={replaying || (touched && blocked)}>
          {replaying ? 'Sending…' : 'Send replay'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <span className="muted small">
          {unchanged ? 'Body unchanged: the stored bytes are re-signed and sent.' : 'Edited: sent as a new message.'}{' '}
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> sends.
        </span>
      </div>
    </form>
  );
}
