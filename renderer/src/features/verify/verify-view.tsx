import { useEffect, useState } from 'react';
import type { ProfileId } from '../../../../shared/model/signing';
import { CustomHmacEditor } from '../../components/custom-hmac-editor';
import { EmptyState } from '../../components/empty-state';
import { Field } from '../../components/field';
import { FormPanel } from '../../components/form-panel';
import { ProfileOptions } from '../../components/profile-options';
import { useSubmitShortcut } from '../../components/use-submit-shortcut';
import { CodeEditor } from '../../editor/code-editor';
import { describeProblem, type EditorProblem } from '../../editor/editor-problem';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import { useVerifyStore } from '../../stores/verify-store';
import { VerifyResultPanel } from './verify-result';

/** Verify: paste a request, pick the profile and secret, read why it does or does not verify. */
export function VerifyView() {
  const { profiles, profilesError, loadProfiles } = useCatalogStore();
  const s = useVerifyStore();
  const [bodyProblems, setBodyProblems] = useState<EditorProblem[]>([]);
  useEffect(() => void loadProfiles(), [loadProfiles]);
  useSubmitShortcut(() => void useVerifyStore.getState().verify());

  const profile = findProfile(profiles, s.provider);
  const bodyLooksJson = /^\s*[[{]/.test(s.body);
  const firstBodyError = bodyLooksJson ? bodyProblems.find((m) => m.severity === 'error') : undefined;

  return (
    <div className="split">
      <FormPanel label="Request to verify" onSubmit={() => void s.verify()}>
        <div className="row">
          <Field
            label="Profile"
            hint={profile ? `Signs with ${profile.headers.join(', ')}` : undefined}
            className="grow"
          >
            <select value={s.provider} onChange={(e) => s.set({ provider: e.target.value as ProfileId })}>
              <ProfileOptions profiles={profiles} />
            </select>
          </Field>
          <Field
            label="Now (optional)"
            hint="Unix seconds or ISO time; empty = the clock"
            error={s.fieldErrors.now}
            className="now-field"
          >
            <input
              value={s.nowText}
              onChange={(e) => s.set({ nowText: e.target.value })}
              placeholder="e.g. 1767225600"
              spellCheck={false}
            />
          </Field>
        </div>
        {profilesError && (
          <p role="alert" className="error-text">
            Could not read the profiles: {profilesError}
          </p>
        )}
        {s.provider === 'custom-hmac' && <CustomHmacEditor value={s.custom} onChange={(custom) => s.set({ custom })} />}
        {s.storedSecret?.profile === s.provider && (
          <p className="stored-secret" data-testid="stored-secret">
            Also tries the secret{profile?.multipleSecrets ? 's' : ''} of inbox <strong>{s.storedSecret.name}</strong>,
            kept in Hookbench.{' '}
            <button type="button" className="link-button" onClick={() => s.set({ storedSecret: null })}>
              Use only the secret below
            </button>
          </p>
        )}
        <Field
          label={profile?.multipleSecrets ? 'Secrets (one per line; any may match)' : 'Secret'}
          hint={
            s.storedSecret?.profile === s.provider
              ? 'Optional: another secret to try besides the inbox’s'
              : profile
                ? `Format: ${profile.secretFormat}`
                : undefined
          }
          error={s.fieldErrors.secrets}
        >
          <textarea
            className="mono"
            rows={2}
            value={s.secretsText}
            onChange={(e) => s.set({ secretsText: e.target.value })}
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <Field label="Headers" hint="One “Name: value” per line, or a JSON object" error={s.fieldErrors.headers}>
          <textarea
            className="mono"
            rows={6}
            value={s.headersText}
            onChange={(e) => s.set({ headersText: e.target.value })}
            spellCheck={false}
            placeholder={profile ? profile.headers.map((h) => `${h}: …`).join('\n') : 'webhook-id: …'}
          />
        </Field>
        <div className="field">
          <span className="label-like" id="verify-body-label">
            Body (exact bytes as received)
          </span>
          <CodeEditor
            aria-label="Body"
            language={bodyLooksJson ? 'json' : 'plaintext'}
            value={s.body}
            onChange={(body) => {
              if (body !== useVerifyStore.getState().body) s.set({ body });
            }}
            onProblems={setBodyProblems}
            onSubmit={() => void useVerifyStore.getState().verify()}
            height={220}
          />
          {/* a non-JSON body is legal: the note informs, it does not block */}
          <span id="verify-body-note" className={firstBodyError ? 'field-hint warn-text' : 'field-hint muted'}>
            {firstBodyError
              ? `Not valid JSON (${describeProblem(firstBodyError)}); verifying the bytes as they are.`
              : 'Signatures cover bytes: do not reformat the body.'}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={s.running}>
            {s.running ? 'Verifying…' : 'Verify'}
          </button>
          <span className="muted small">Ctrl+Enter</span>
        </div>
      </FormPanel>
      <section className="panel result-panel" aria-labelledby="verify-result-title" aria-busy={s.running}>
        <h2 id="verify-result-title">Explanation</h2>
        {s.error && (
          <p role="alert" className="error-text">
            {s.error}
          </p>
        )}
        {s.result ? (
          <VerifyResultPanel result={s.result} />
        ) : (
          !s.error && (
            <EmptyState title="Nothing verified yet">
              Paste the headers and body of a request, pick its profile and secret, then press Verify (Ctrl+Enter). Each
              check is listed here with what was computed over which bytes.
            </EmptyState>
          )
        )}
      </section>
    </div>
  );
}
