import { faultKinds, type FaultKind } from '../../../../shared/model/inbox';
import { Field } from '../../components/field';
import type { FormErrors } from './inbox-form-model';
import type { MockForm } from './rule-form-model';

const faultLabels: Record<FaultKind | '', string> = {
  '': 'None',
  hang: 'Hang (no answer)',
  close: 'Close connection',
  reset: 'TCP reset',
  slow: 'Slow (byte by byte)',
};

/** One mock answer: status, delay, fault, headers and body. `prefix` names its fields in `errors`. */
export function MockFields<F extends MockForm>({
  value,
  onChange,
  prefix,
  errors,
  compact,
}: {
  value: F;
  onChange(v: F, changed: string[]): void;
  prefix: string;
  errors: FormErrors;
  compact?: boolean;
}) {
  const set = (p: Partial<MockForm>) =>
    onChange(
      { ...value, ...p },
      Object.keys(p).map((k) => `${prefix}${k}`),
    );
  return (
    <>
      <div className="rule-grid">
        <Field label="Status" error={errors[`${prefix}status`]}>
          <input value={value.status} onChange={(e) => set({ status: e.target.value })} inputMode="numeric" />
        </Field>
        <Field label="Delay (ms)" error={errors[`${prefix}delayMs`]}>
          <input value={value.delayMs} onChange={(e) => set({ delayMs: e.target.value })} inputMode="numeric" />
        </Field>
        <Field label="Fault" error={errors[`${prefix}fault`]}>
          <select value={value.fault} onChange={(e) => set({ fault: e.target.value as FaultKind | '' })}>
            {(['', ...faultKinds] as const).map((k) => (
              <option key={k} value={k}>
                {faultLabels[k]}
              </option>
            ))}
          </select>
        </Field>
        {value.fault === 'slow' && (
          <Field label="Byte interval (ms)" error={errors[`${prefix}slowByteIntervalMs`]}>
            <input
              value={value.slowByteIntervalMs}
              onChange={(e) => set({ slowByteIntervalMs: e.target.value })}
              inputMode="numeric"
            />
          </Field>
        )}
      </div>
      <div className={compact ? 'rule-grid-2' : undefined}>
        <Field
          label="Headers"
          error={errors[`${prefix}headers`]}
          hint="“Name: value” per line; CORS and framing headers are refused"
        >
          <textarea
            className="mono"
            rows={2}
            value={value.headers}
            onChange={(e) => set({ headers: e.target.value })}
            spellCheck={false}
          />
        </Field>
        <Field label="Body" error={errors[`${prefix}body`]}>
          <textarea
            className="mono"
            rows={compact ? 2 : 3}
            value={value.body}
            onChange={(e) => set({ body: e.target.value })}
            spellCheck={false}
          />
        </Field>
      </div>
    </>
  );
}
