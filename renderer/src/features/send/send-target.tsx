import { useEffect, useState } from 'react';
import type { Subscription } from '../../../../shared/model/subscription';
import { bridge } from '../../bridge/bridge';
import { CustomHmacEditor } from '../../components/custom-hmac-editor';
import { Field } from '../../components/field';
import { localProblems, useSendStore, type TargetKind } from '../../stores/send-store';

const kinds: Array<{ id: TargetKind; label: string }> = [
  { id: 'url', label: 'Ad-hoc URL' },
  { id: 'matching', label: 'Matching subscriptions' },
  { id: 'subscription', label: 'One subscription' },
];

/** Where the event goes: a URL with a secret given now, or subscriptions the core already knows. */
export function SendTarget() {
  const s = useSendStore();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [subsError, setSubsError] = useState<string | null>(null);
  const [secretNote, setSecretNote] = useState<string | null>(null);

  useEffect(() => {
    if (s.target === 'url') return;
    let live = true;
    void bridge()
      .call('listSubscriptions', undefined)
      .then((r) => {
        if (!live) return;
        if (r.ok) setSubs(r.value);
        else setSubsError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [s.target]);

  async function generate() {
    const r = await bridge().call('generateSecret', { provider: s.provider });
    if (r.ok && r.value.secret) {
      s.set({ secret: r.value.secret });
      setSecretNote('A new secret: give the same one to your receiver.');
    } else setSecretNote(r.ok ? 'This profile signs with a key pair; use a subscription for it.' : r.error.message);
  }

  const local = localProblems(s);
  // a field says what is wrong once it holds something; an empty one is listed next to Send instead
  const urlError = s.fieldErrors.url ?? (s.url.trim() ? local.url : undefined);
  const matching =
    subs?.filter((x) => x.enabled && x.profile === s.provider && (x.events === 'all' || x.events.includes(s.event))) ??
    [];
  return (
    <fieldset className="target">
      <legend>Target</legend>
      <div className="segmented" role="radiogroup" aria-label="Target">
        {kinds.map((k) => (
          <label key={k.id} className={s.target === k.id ? 'seg seg-on' : 'seg'}>
            <input
              type="radio"
              name="send-target"
              value={k.id}
              checked={s.target === k.id}
              onChange={() => s.set({ target: k.id })}
            />
            {k.label}
          </label>
        ))}
      </div>
      {s.target === 'url' && (
        <>
          <Field label="URL" error={urlError}>
            <input
              type="url"
              value={s.url}
              onChange={(e) => s.set({ url: e.target.value })}
              placeholder="http://localhost:3000/webhooks"
              spellCheck={false}
            />
          </Field>
          <div className="row">
            <Field
              label="Secret"
              error={s.fieldErrors.secret}
              hint={secretNote ?? 'Not stored; used for this send only'}
              className="grow"
            >
              <input
                className="mono"
                value={s.secret}
                onChange={(e) => s.set({ secret: e.target.value })}
                spellCheck={false}
                autoComplete="off"
              />
            </Field>
            <button type="button" className="field-aligned" onClick={() => void generate()}>
              Generate
            </button>
          </div>
          {s.provider === 'custom-hmac' && (
            <>
              <CustomHmacEditor value={s.custom} onChange={(custom) => s.set({ custom })} />
              {local.custom && <p className="error-text small">Signing scheme: {local.custom}</p>}
            </>
          )}
        </>
      )}
      {s.target === 'subscription' && (
        <Field label="Subscription" error={s.fieldErrors.subscriptionId ?? subsError}>
          <select value={s.subscriptionId} onChange={(e) => s.set({ subscriptionId: e.target.value })}>
            <option value="">{subs === null ? 'Loading…' : subs.length ? 'Choose…' : 'No subscriptions yet'}</option>
            {subs?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name ? `${x.name} — ${x.url}` : x.url}
                {x.enabled ? '' : ' (disabled)'}
              </option>
            ))}
          </select>
        </Field>
      )}
      {s.target === 'matching' && (
        <p className="muted small target-note" role="status">
          {subsError ??
            (subs === null
              ? 'Reading subscriptions…'
              : `${matching.length} enabled subscription${matching.length === 1 ? '' : 's'} with this profile listen${matching.length === 1 ? 's' : ''} to ${s.event || 'this event'}.`)}
        </p>
      )}
    </fieldset>
  );
}

/** Deliberate mistakes, to check that a receiver refuses them. */
export function NegativeOptionsPanel() {
  const { negative, set } = useSendStore();
  const toggle = (
    key: 'wrongSecret' | 'alterBodyAfterSigning' | 'dropSignatureHeader' | 'duplicate',
    label: string,
  ) => (
    <label className="check">
      <input
        type="checkbox"
        checked={negative[key] ?? false}
        onChange={(e) => set({ negative: { ...negative, [key]: e.target.checked } })}
      />
      {label}
    </label>
  );
  const active = Object.values(negative).filter((v) => v !== undefined && v !== false && v !== 0).length;
  return (
    <details className="negative">
      <summary>Negative testing{active ? ` (${active} on)` : ''}</summary>
      <div className="checks">
        {toggle('wrongSecret', 'Sign with a wrong secret')}
        {toggle('alterBodyAfterSigning', 'Alter the body after signing')}
        {toggle('dropSignatureHeader', 'Drop the signature header')}
        {toggle('duplicate', 'Send twice with the same message id')}
        <label className="check">
          Timestamp skew (s)
          <input
            type="number"
            className="skew"
            value={negative.timestampSkewSeconds ?? 0}
            onChange={(e) => set({ negative: { ...negative, timestampSkewSeconds: Number(e.target.value) || 0 } })}
          />
        </label>
      </div>
    </details>
  );
}
