import { useEffect, useState } from 'react';
import type { ProfileId } from '../../../../shared/model/signing';
import { EmptyState } from '../../components/empty-state';
import { Field } from '../../components/field';
import { FormPanel } from '../../components/form-panel';
import { ProfileOptions } from '../../components/profile-options';
import { useSubmitShortcut } from '../../components/use-submit-shortcut';
import { CodeEditor } from '../../editor/code-editor';
import { describeProblem, type EditorProblem } from '../../editor/editor-problem';
import { useCatalogStore } from '../../stores/catalog-store';
import { localProblems, useSendStore } from '../../stores/send-store';
import { SendPreview } from './send-preview';
import { SendResultPanel } from './send-result';
import { NegativeOptionsPanel, SendTarget } from './send-target';
import { GatedButton } from '../../components/gated';
import { canCall } from '../../stores/session-store';

const randomSeed = () => Math.floor(Math.random() * 1_000_000);
/** A problem as part of a list: first letter down, no final period. */
const sentence = (p: string) => (p[0]!.toLowerCase() + p.slice(1)).replace(/\.$/, '');

/** Send: a catalog event, its payload in Monaco, signed for a target; preview, curl, send. */
export function SendView() {
  const { profiles, events, eventsError, loadProfiles, loadEvents } = useCatalogStore();
  const s = useSendStore();
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  useEffect(() => void loadProfiles(), [loadProfiles]);
  useEffect(() => void loadEvents(s.provider), [loadEvents, s.provider]);
  useSubmitShortcut(() => canCall('emit') && void useSendStore.getState().send());
  const follow = useSendStore((st) => st.follow);
  useEffect(() => follow(), [follow]);

  const list = events[s.provider];
  // first visit, or a provider switch: start from the catalog's first event
  useEffect(() => {
    if (list?.length && !list.some((e) => e.name === s.event)) void s.chooseEvent(s.provider, list[0]!.name);
  }, [list, s]);

  const local = localProblems(s);
  const payloadError = s.fieldErrors.payload ?? local.payload;
  const marker = problems.find((p) => p.severity === 'error');
  const description = list?.find((e) => e.name === s.event)?.description;

  return (
    <div className="split">
      <FormPanel label="Event to send" onSubmit={() => void s.send()}>
        <div className="row">
          <Field label="Provider" className="grow">
            <select value={s.provider} onChange={(e) => void s.chooseEvent(e.target.value as ProfileId, '')}>
              <ProfileOptions profiles={profiles} />
            </select>
          </Field>
          <Field label="Event" error={s.fieldErrors.event ?? eventsError} className="grow">
            <select
              value={s.event}
              onChange={(e) => void s.chooseEvent(s.provider, e.target.value)}
              disabled={!list?.length}
            >
              {!list?.length && <option value="">{list ? 'This profile has no catalog' : 'Loading…'}</option>}
              {list?.map((e) => (
                <option key={e.name} value={e.name}>
                  {e.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="row seed-row">
          <Field label="Seed" hint="Same seed → same sample" className="seed-field">
            <input
              type="number"
              value={s.seed}
              onChange={(e) => s.set({ seed: Number(e.target.value) || 0 })}
              onBlur={() => void s.loadSample()}
            />
          </Field>
          <button
            type="button"
            className="field-aligned"
            onClick={() => void s.loadSample(randomSeed())}
            disabled={!s.event || s.sampleLoading}
          >
            Regenerate
          </button>
          <p className="muted small event-description">{description}</p>
        </div>
        {s.sampleError && (
          <p role="alert" className="error-text">
            {s.sampleError}
          </p>
        )}
        <div className="field">
          <span className="label-like">Payload (sent byte for byte)</span>
          <CodeEditor
            aria-label="Payload"
            language="json"
            value={s.payload}
            onChange={(payload) => payload !== useSendStore.getState().payload && s.set({ payload })}
            onProblems={setProblems}
            onSubmit={() => void useSendStore.getState().send()}
            height={300}
            invalid={!!payloadError}
          />
          <span
            className={payloadError ? 'field-error error-text' : 'field-hint muted'}
            role={payloadError ? 'alert' : undefined}
            data-testid="payload-status"
          >
            {payloadError
              ? `Invalid JSON: ${marker ? describeProblem(marker) : payloadError.replace(/\.$/, '')}. Fix it to send or copy.`
              : 'Valid JSON'}
          </span>
        </div>
        <SendTarget />
        <NegativeOptionsPanel />
        <div className="actions">
          <GatedButton
            method="emit"
            type="submit"
            className="primary"
            disabled={s.sending || Object.keys(local).length > 0}
          >
            {s.sending ? 'Sending…' : 'Send'}
          </GatedButton>
          <span className="muted small">Ctrl+Enter</span>
          {s.sendError ? (
            <span role="alert" className="error-text">
              {s.sendError}
            </span>
          ) : (
            Object.keys(local).length > 0 && (
              <span className="muted small field-status" data-testid="send-blocked">
                To send: {Object.values(local).map(sentence).join('; ')}.
              </span>
            )
          )}
        </div>
      </FormPanel>
      <div className="stack">
        <SendPreview />
        <section className="panel result-panel" aria-labelledby="send-result-title" aria-busy={s.sending}>
          <h2 id="send-result-title">Result</h2>
          {s.result ? (
            <SendResultPanel result={s.result} />
          ) : (
            <EmptyState title="Nothing sent yet">
              Pick an event, set a target and press Send (Ctrl+Enter). The answer — status, timing, response — shows
              here.
            </EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
