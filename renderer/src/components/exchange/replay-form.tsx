import { useState } from 'react';
import { profileIds, type ProfileId } from '../../../../shared/model/signing';
import type { ExchangeDetail } from '../../../../shared/model/exchange';
import { urlProblem } from '../url-problem';
import { CodeEditor } from '../../editor/code-editor';
import { describeProblem, jsonSyntaxError, type EditorProblem } from '../../editor/editor-problem';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { prettyJson } from './body-format';
import { canReplayAsIs } from './detail-actions';
import { ReplayUrlFields, type ReplayUrl } from './replay-url-fields';

/**
 * Edit & replay: the stored body in Monaco exactly as it was sent (reformatting
 * is the user's choice: it changes the bytes and so the signed content), sent
 * as a new delivery to the original subscription or another URL. Invalid JSON
 * (when the body was JSON) is shown inline and never sent.
 */
export function ReplayForm({ detail, onDone }: { detail: ExchangeDetail; onDone(): void }) {
  const replay = useExchangeStore((s) => s.replay);
  const replaying = useExchangeStore((s) => s.replaying);
  const isDelivery = detail.kind === 'delivery';
  const stored = isDelivery ? detail.delivery.request.body : detail.capture.body;
  const original = stored.text ?? '';
  const isJson = jsonSyntaxError(original) === null;
  const hasOriginal = canReplayAsIs(detail);
  const [body, setBody] = useState(original);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [where, setWhere] = useState<'original' | 'url'>(hasOriginal ? 'original' : 'url');
  const [target, setTarget] = useState<ReplayUrl>({
    url: '',
    provider: (isDelivery && (profileIds as readonly string[]).includes(detail.delivery.profile ?? '')
      ? detail.delivery.profile
      : 'standard-webhooks') as ProfileId,
    secret: '',
  });
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});

  const jsonError = isJson ? problems.find((p) => p.severity === 'error') : undefined;
  const urlError = where === 'url' ? urlProblem(target.url) : null;
  const secretError =
    where === 'url' && !target.secret ? 'The secret to sign this replay with (it is not stored)' : null;
  const bodyEmpty = body.trim() === '';
  const unchanged = body === original;
  const pretty = isJson ? prettyJson(body) : null;
  const blocked = Boolean(jsonError || urlError || secretError) || bodyEmpty || stored.isText === false;

  async function submit() {
    setTouched(true);
    if (blocked) return;
    // an untouched body goes as the stored bytes (same message id, exact signature input)
    const result = await replay({
      ...(unchanged ? {} : { body }),
      ...(where === 'url' ? { url: { ...target, url: target.url.trim() } } : {}),
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
      noValidate
    >
      {!stored.isText ? (
        <p className="error-text">This body is binary; it can be replayed unchanged only (use Replay).</p>
      ) : (
        <div className="field">
          <span className="label-like body-label">
            Body {isJson ? '(JSON, as sent)' : '(text, as sent)'}
            {pretty !== null && pretty !== body && (
              <button type="button" className="link-button" onClick={() => setBody(pretty)}>
                Format JSON (changes the bytes)
              </button>
            )}
            {!unchanged && (
              <button type="button" className="link-button" onClick={() => setBody(original)}>
                Back to the stored bytes
              </button>
            )}
          </span>
          <CodeEditor
            value={body}
            onChange={setBody}
            language={isJson ? 'json' : 'plaintext'}
            height={220}
            aria-label="Replay body"
            onProblems={setProblems}
            onSubmit={() => void submit()}
            invalid={Boolean(jsonError)}
          />
          <span className="field-error error-text" role="alert">
            {jsonError
              ? describeProblem(jsonError)
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
          <div className="row wrap">
            <ReplayUrlFields
              value={target}
              onChange={setTarget}
              secretHint="Signs this replay; never stored."
              errors={{
                url: touched || target.url ? (urlError ?? serverErrors['target.url']?.[0]) : null,
                provider: serverErrors['target.provider']?.[0],
                secret: touched ? (secretError ?? serverErrors['target.secret']?.[0]) : null,
              }}
            />
          </div>
        )}
      </fieldset>
      <div className="actions wrap">
        <button type="submit" className="primary" disabled={replaying || (touched && blocked)}>
          {replaying ? 'Sending…' : 'Send replay'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <span className="muted small" data-testid="replay-bytes">
          {unchanged
            ? 'Body unchanged: the stored bytes are re-signed and sent (same message id).'
            : `Edited: ${new TextEncoder().encode(body).length} bytes, sent as a new message.`}{' '}
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> sends.
        </span>
      </div>
    </form>
  );
}
