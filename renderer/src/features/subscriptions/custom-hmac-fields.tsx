import {
  hmacAlgorithms,
  signatureEncodings,
  type HmacAlgorithm,
  type SignatureEncoding,
} from '../../../../shared/model/signing';
import { Field } from '../../components/field';
import type { SubscriptionForm } from './subscription-form-model';
import type { FormProps } from './subscription-form';

/** The generic HMAC scheme: where the signature goes, how it is computed and over what. */
export function CustomHmacFields({ form, errors, patch }: FormProps<SubscriptionForm>) {
  return (
    <div className="sub-grid" role="group" aria-label="Custom HMAC">
      <Field label="Signature header" error={errors.customHeader}>
        <input value={form.customHeader} onChange={(e) => patch({ customHeader: e.target.value })} spellCheck={false} />
      </Field>
      <Field label="Prefix" error={errors.customPrefix} hint="Before the signature, e.g. sha256=">
        <input value={form.customPrefix} onChange={(e) => patch({ customPrefix: e.target.value })} spellCheck={false} />
      </Field>
      <Field label="Algorithm" error={errors.customAlgorithm}>
        <select
          value={form.customAlgorithm}
          onChange={(e) => patch({ customAlgorithm: e.target.value as HmacAlgorithm })}
        >
          {hmacAlgorithms.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </Field>
      <Field label="Encoding" error={errors.customEncoding}>
        <select
          value={form.customEncoding}
          onChange={(e) => patch({ customEncoding: e.target.value as SignatureEncoding })}
        >
          {signatureEncodings.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </Field>
      <Field
        label="Signed content"
        error={errors.customTemplate}
        hint="Placeholders {id}, {timestamp}, {body}"
        className="span-2"
      >
        <input
          className="mono"
          value={form.customTemplate}
          onChange={(e) => patch({ customTemplate: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Id header (optional)" error={errors.customIdHeader}>
        <input
          value={form.customIdHeader}
          onChange={(e) => patch({ customIdHeader: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Timestamp header (optional)" error={errors.customTimestampHeader}>
        <input
          value={form.customTimestampHeader}
          onChange={(e) => patch({ customTimestampHeader: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <Field label="Tolerance (s, optional)" error={errors.customTolerance} hint="Empty or 0 = timestamp not checked">
        <input
          value={form.customTolerance}
          onChange={(e) => patch({ customTolerance: e.target.value })}
          inputMode="numeric"
        />
      </Field>
    </div>
  );
}
