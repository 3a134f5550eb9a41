import { useEffect, useState, type FormEvent } from 'react';
import type { ProfileId } from '../../../../shared/model/signing';
import type { InboxView } from '../../../../shared/model/inbox';
import { Field } from '../../components/field';
import { ProfileOptions } from '../../components/profile-options';
import { useFieldCheck } from '../../components/use-field-check';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import { useInboxStore } from '../../stores/inbox-store';
import { ModalDialog } from '../../components/modal-dialog';
import { ModalFormFooter } from '../../components/modal-form-footer';
import { useModalForm } from '../../components/use-modal-form';
import {
  collectErrors,
  emptyInboxForm,
  inboxFieldKey,
  inboxFormFrom,
  secretsFieldError,
  toCreateInboxInput,
  toUpdateInboxInput,
  type InboxForm,
} from './inbox-form-model';

/** Create or edit an inbox: where it listens (/in/<slug>) and how its captures are verified. */
export function InboxFormDialog({ editing, onClose }: { editing: InboxView | null; onClose(): void }) {
  // a secret is judged for its profile
  const { form, patch, errors, formError, refuse } = useModalForm<InboxForm>(
    () => (editing ? inboxFormFrom(editing) : emptyInboxForm()),
    { secrets: 'profile' },
  );
  const [busy, setBusy] = useState(false);
  const { profiles, loadProfiles } = useCatalogStore();
  useEffect(() => void loadProfiles(), [loadProfiles]);
  const profile = form.profile === 'none' ? undefined : findProfile(profiles, form.profile);
  const secretsCheck = useFieldCheck(form.secrets, secretsFieldError(form));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const store = useInboxStore.getState();
    let error;
    if (editing) {
      const built = toUpdateInboxInput(form, editing.id);
      if (!built.input) return refuse(built.errors);
      setBusy(true);
      error = await store.update(built.input);
    } else {
      const built = toCreateInboxInput(form);
      if (!built.input) return refuse(built.errors);
      setBusy(true);
      error = await store.create(built.input);
    }
    setBusy(false);
    if (!error) return onClose();
    refuse(collectErrors(Object.entries(error.fieldErrors ?? {}), inboxFieldKey), error.message);
  }

  return (
    <ModalDialog title={editing ? `Edit ${editing.name}` : 'New inbox'} onClose={onClose}>
      <form aria-label={editing ? 'Edit inbox' : 'New inbox'} onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name}>
          <input
            value={form.name}
            onChange={(e) => patch({ name: e.target.value })}
            placeholder="e.g. my-app"
            data-autofocus
          />
        </Field>
        <Field
          label="Slug"
          error={errors.slug}
          hint={editing ? 'Changing it changes the URL' : 'Empty = made from the name'}
        >
          <input
            value={form.slug}
            onChange={(e) => patch({ slug: e.target.value })}
            placeholder="my-app"
            spellCheck={false}
          />
        </Field>
        <fieldset className="sub-section">
          <legend>Verify signatures</legend>
          <Field
            label="Profile"
            error={errors.profile}
            hint={profile ? `Checks ${profile.headers.join(', ')}` : 'Captures are recorded without checking'}
          >
            <select value={form.profile} onChange={(e) => patch({ profile: e.target.value as ProfileId | 'none' })}>
              <option value="none">Do not verify</option>
              <ProfileOptions profiles={profiles} except="custom-hmac" />
            </select>
          </Field>
          {form.profile !== 'none' && (
            <>
              <Field
                label="Secrets (one per line)"
                error={errors.secrets ?? secretsCheck.error}
                hint={
                  editing
                    ? 'Masked secrets are kept as they are'
                    : profile
                      ? `Format: ${profile.secretFormat}`
                      : undefined
                }
              >
                <textarea
                  className="mono"
                  rows={2}
                  value={form.secrets}
                  onChange={(e) => patch({ secrets: e.target.value })}
                  onBlur={secretsCheck.onBlur}
                  spellCheck={false}
                  autoComplete="off"
                />
              </Field>
              <Field
                label="Tolerance (s, optional)"
                error={errors.toleranceSeconds}
                hint={profile?.defaultToleranceSeconds ? `Empty = ${profile.defaultToleranceSeconds} s` : undefined}
              >
                <input
                  value={form.toleranceSeconds}
                  onChange={(e) => patch({ toleranceSeconds: e.target.value })}
                  inputMode="numeric"
                />
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.rejectInvalid}
                  onChange={(e) => patch({ rejectInvalid: e.target.checked })}
                />
                Answer 401 when the signature is invalid (as your app should), instead of the response rule
              </label>
            </>
          )}
        </fieldset>
        <ModalFormFooter
          formError={formError}
          busy={busy}
          submitLabel={editing ? 'Save changes' : 'Create inbox'}
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
