import { useState, type FormEvent } from 'react';
import type { InboxView } from '../../../../shared/model/inbox';
import { Field } from '../../components/field';
import { useInboxStore } from '../../stores/inbox-store';
import { ModalDialog } from '../../components/modal-dialog';
import { ModalFormFooter } from '../../components/modal-form-footer';
import { useModalForm } from '../../components/use-modal-form';
import { collectErrors } from './inbox-form-model';
import { MockFields } from './mock-fields';
import { newStep, ruleFieldKey, ruleFormFrom, toRuleInput, type RuleForm } from './rule-form-model';

/** What the inbox answers: a base answer, an optional sequence first ("fail twice, then 200"), and a random failure rate. */
export function ResponseRuleEditor({ inbox, onClose }: { inbox: InboxView; onClose(): void }) {
  const { form, patch, errors, formError, refuse } = useModalForm<RuleForm>(() => ruleFormFrom(inbox.responseRule));
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = toRuleInput(form, inbox.id);
    if (!built.input) return refuse(built.errors);
    setBusy(true);
    const error = await useInboxStore.getState().setRule(built.input);
    setBusy(false);
    if (!error) return onClose();
    refuse(collectErrors(Object.entries(error.fieldErrors ?? {}), ruleFieldKey), error.message);
  }

  const rate = Number(form.failureRatePercent);
  return (
    <ModalDialog title={`Response rule of ${inbox.name}`} onClose={onClose} wide>
      <form aria-label="Response rule" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="sub-section">
          <legend>Sequence first (optional)</legend>
          <p className="muted small">
            Each step answers the next N requests, in order, after the rule is saved; then the answer below takes over.
          </p>
          {form.sequence.map((step, i) => (
            <div className="rule-step" key={i} role="group" aria-label={`Step ${i + 1}`}>
              <div className="rule-step-head">
                <strong>Step {i + 1}</strong>
                <Field label="Requests" error={errors[`sequence.${i}.count`]} className="count-field">
                  <input
                    value={step.count}
                    onChange={(e) =>
                      patch(
                        { sequence: form.sequence.map((s, j) => (j === i ? { ...s, count: e.target.value } : s)) },
                        [`sequence.${i}.count`],
                      )
                    }
                    inputMode="numeric"
                  />
                </Field>
                <button
                  type="button"
                  className="danger"
                  onClick={() => patch({ sequence: form.sequence.filter((_, j) => j !== i) })}
                  aria-label={`Remove step ${i + 1}`}
                >
                  Remove
                </button>
              </div>
              <MockFields
                value={step}
                prefix={`sequence.${i}.`}
                errors={errors}
                compact
                onChange={(v, changed) => patch({ sequence: form.sequence.map((s, j) => (j === i ? v : s)) }, changed)}
              />
            </div>
          ))}
          <button type="button" onClick={() => patch({ sequence: [...form.sequence, newStep()] })}>
            Add a step
          </button>
        </fieldset>
        <fieldset className="sub-section">
          <legend>Answer</legend>
          <MockFields
            value={form.base}
            prefix=""
            errors={errors}
            onChange={(base, changed) => patch({ base }, changed)}
          />
        </fieldset>
        <fieldset className="sub-section">
          <legend>Random failures</legend>
          <Field
            label="Failure rate (%)"
            error={errors.failureRate}
            hint="Share of requests after the sequence that get the failure answer instead"
            className="count-field"
          >
            <input
              value={form.failureRatePercent}
              onChange={(e) => patch({ failureRatePercent: e.target.value }, ['failureRate'])}
              inputMode="decimal"
            />
          </Field>
          {rate > 0 && (
            <MockFields
              value={form.failure}
              prefix="failure."
              errors={errors}
              compact
              onChange={(failure, changed) => patch({ failure }, changed)}
            />
          )}
        </fieldset>
        <ModalFormFooter formError={formError} busy={busy} submitLabel="Save rule" onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
