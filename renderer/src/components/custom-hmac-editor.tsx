import {
  hmacAlgorithms,
  signatureEncodings,
  type CustomHmacConfig,
  type HmacAlgorithm,
  type SignatureEncoding,
} from '../../../shared/model/signing';
import { Field } from './field';

export const defaultCustomHmac: CustomHmacConfig = {
  header: 'X-Signature',
  prefix: 'sha256=',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
};

/** The config as the API takes it: empty optional headers left out rather than sent as "". */
export function cleanCustomHmac(c: CustomHmacConfig): CustomHmacConfig {
  const { idHeader, timestampHeader, toleranceSeconds, ...rest } = c;
  return {
    ...rest,
    header: rest.header.trim(),
    ...(idHeader?.trim() ? { idHeader: idHeader.trim() } : {}),
    ...(timestampHeader?.trim() ? { timestampHeader: timestampHeader.trim() } : {}),
    ...(toleranceSeconds ? { toleranceSeconds } : {}),
  };
}

/** The generic HMAC scheme for the "Custom HMAC" profile: where the signature goes and what it covers. */
export function CustomHmacEditor({
  value,
  onChange,
}: {
  value: CustomHmacConfig;
  onChange(next: CustomHmacConfig): void;
}) {
  const patch = (p: Partial<CustomHmacConfig>) => onChange({ ...value, ...p });
  return (
    <fieldset className="target custom-hmac">
      <legend>Custom HMAC scheme</legend>
      <div className="custom-grid">
        <Field label="Signature header">
          <input value={value.header} onChange={(e) => patch({ header: e.target.value })} spellCheck={false} />
        </Field>
        <Field label="Prefix">
          <input value={value.prefix} onChange={(e) => patch({ prefix: e.target.value })} spellCheck={false} />
        </Field>
        <Field label="Algorithm">
          <select value={value.algorithm} onChange={(e) => patch({ algorithm: e.target.value as HmacAlgorithm })}>
            {hmacAlgorithms.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </Field>
        <Field label="Encoding">
          <select value={value.encoding} onChange={(e) => patch({ encoding: e.target.value as SignatureEncoding })}>
            {signatureEncodings.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </Field>
        <Field label="Signed content" hint="{id}, {timestamp}, {body}">
          <input
            className="mono"
            value={value.template}
            onChange={(e) => patch({ template: e.target.value })}
            spellCheck={false}
          />
        </Field>
        <Field label="Id header">
          <input
            value={value.idHeader ?? ''}
            onChange={(e) => patch({ idHeader: e.target.value })}
            placeholder="optional"
            spellCheck={false}
          />
        </Field>
        <Field label="Timestamp header">
          <input
            value={value.timestampHeader ?? ''}
            onChange={(e) => patch({ timestampHeader: e.target.value })}
            placeholder="optional"
            spellCheck={false}
          />
        </Field>
        <Field label="Tolerance (s)" hint="0 = not checked">
          <input
            type="number"
            min={0}
            value={value.toleranceSeconds ?? 0}
            onChange={(e) => patch({ toleranceSeconds: Math.max(0, Number(e.target.value) || 0) })}
          />
        </Field>
      </div>
    </fieldset>
  );
}
