import { useEffect, useState, type FormEvent } from 'react';
import { fusionAuthAlgorithms, type FusionAuthAlgorithm, type ProfileId } from '../../../../shared/model/signing';
import type { Subscription } from '../../../../shared/model/subscription';
import { Field } from '../../components/field';
import { ProfileOptions } from '../../components/profile-options';
import { useFieldCheck } from '../../components/use-field-check';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import { useSubscriptionsStore } from '../../stores/subscriptions-store';
import { CustomHmacFields } from './custom-hmac-fields';
import { DeliveryFields } from './delivery-fields';
import { EventPicker } from './event-picker';
import { ModalDialog } from '../../components/modal-dialog';
import { ModalFormFooter } from '../../components/modal-form-footer';
import { useModalForm } from '../../components/use-modal-form';
import {
  emptyForm,
  formFromSubscription,
  mapFieldErrors,
  secretFieldError,
  toCreateInput,
  toUpdateInput,
  type FormErrors,
  type SubscriptionForm,
} from './subscription-form-model';
import { urlAdvice } from './url-advice';

export interface FormProps<F> {
  form: F;
  errors: FormErrors;
  patch(p: Partial<F>): void;
}

/** Create or edit a subscription: every field, checked by the shared schema before sending, the core's errors shown at their fields. */
export function SubscriptionFormDialog({ editing, onClose }: { editing: Subscription | null; onClose(): void }) {
  // a secret is judged for its profile
  const { form, patch, errors, formError, refuse } = useModalForm<SubscriptionForm>(
    () => (editing ? formFromSubscription(editing) : emptyForm()),
    { secret: 'profile' },
  );
  const [busy, setBusy] = useState(false);
  const { profiles, loadProfiles } = useCatalogStore();
  useEffect(() => void loadProfiles(), [loadProfiles]);

  const profile = findProfile(profiles, form.profile);
  const advice = urlAdvice(form.profile, form.url);
  const secretCheck = useFieldCheck(form.secret, secretFieldError(form));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const store = useSubscriptionsStore.getState();
    const built = editing ? toUpdateInput(form, editing) : toCreateInput(form);
    if (!built.input) return refuse(built.errors);
    setBusy(true);
    const error = built.kind === 'update' ? await store.update(built.input) : await store.create(built.input);
    setBusy(false);
    if (!error) return onClose();
    refuse(mapFieldErrors(error.fieldErrors), error.message);
  }

  return (
    <ModalDialog title={editing ? `Edit ${editing.name}` : 'New subscription'} onClose={onClose} wide>
      <form
        className="sub-form"
        aria-label={editing ? 'Edit subscription' : 'New subscription'}
        onSubmit={(e) => void submit(e)}
        noValidate
      >
        <fieldset className="sub-section">
          <legend>Endpoint</legend>
          <Field label="Name" error={errors.name}>
            <input
              value={form.name}
              onChange={(e) => patch({ name: e.target.value })}
              placeholder="e.g. local app"
              data-autofocus
            />
          </Field>
          <Field label="Description" error={errors.description}>
            <input value={form.description} onChange={(e) => patch({ description: e.target.value })} />
          </Field>
          <Field
            label="URL"
            error={errors.url}
            hint={
              advice ? (
                <span className="warn-text" data-testid="url-advice">
                  {advice}
                </span>
              ) : (
                'Where the events are POSTed'
              )
            }
          >
            <input
              value={form.url}
              onChange={(e) => patch({ url: e.target.value })}
              placeholder="http://localhost:3000/webhooks"
              spellCheck={false}
              inputMode="url"
            />
          </Field>
        </fieldset>
        <fieldset className="sub-section">
          <legend>Signing</legend>
          <Field label="Profile" error={errors.profile} hint={profile?.description}>
            <select
              value={form.profile}
              onChange={(e) => patch({ profile: e.target.value as ProfileId, events: [], allEvents: true })}
            >
              <ProfileOptions profiles={profiles} />
            </select>
          </Field>
          {!editing && form.profile === 'fusionauth' && (
            <Field
              label="Key algorithm"
              hint="HS* keys share a secret; RS256/ES256/EdDSA give you a public key and JWKS to verify with"
            >
              <select
                value={form.fusionAuthAlg}
                onChange={(e) => patch({ fusionAuthAlg: e.target.value as FusionAuthAlgorithm })}
              >
                {fusionAuthAlgorithms.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </Field>
          )}
          {!editing && (
            <Field
              label="Secret (optional)"
              error={errors.secret ?? secretCheck.error}
              hint={`Empty = generate one, shown once after saving.${profile ? ` Format: ${profile.secretFormat}` : ''}`}
            >
              <input
                className="mono"
                value={form.secret}
                onChange={(e) => patch({ secret: e.target.value })}
                onBlur={secretCheck.onBlur}
                spellCheck={false}
                autoComplete="off"
              />
            </Field>
          )}
          {editing && (
            <p className="muted small">
              Secret {editing.secretHint}. Regenerate it from the list; it is never shown again.
            </p>
          )}
          {form.profile === 'custom-hmac' && <CustomHmacFields form={form} errors={errors} patch={patch} />}
        </fieldset>
        <EventPicker
          profile={form.profile}
          all={form.allEvents}
          selected={form.events}
          error={errors.events}
          onChange={(allEvents, events) => patch({ allEvents, events })}
        />
        <DeliveryFields form={form} errors={errors} patch={patch} editing={editing} />
        <ModalFormFooter
          formError={formError}
          errorClassName="error-text form-error"
          busy={busy}
          submitLabel={editing ? 'Save changes' : 'Create subscription'}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
