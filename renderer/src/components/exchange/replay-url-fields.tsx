import { profileIds, type ProfileId } from '../../../../shared/model/signing';
import { Field } from '../field';

export interface ReplayUrl {
  url: string;
  provider: ProfileId;
  /** Signs the replays; never stored. */
  secret: string;
}

/** "Another URL" for a replay, single or bulk: where, signed as which provider, with which secret. */
export function ReplayUrlFields({
  value,
  onChange,
  errors,
  secretHint,
  disabled,
}: {
  value: ReplayUrl;
  onChange(next: ReplayUrl): void;
  errors: { url?: string | null; provider?: string | null; secret?: string | null };
  secretHint: string;
  disabled?: boolean;
}) {
  return (
    <>
      <Field label="URL" className="grow" error={errors.url}>
        <input
          type="url"
          value={value.url}
          onChange={(e) => onChange({ ...value, url: e.target.value })}
          placeholder="http://localhost:3000/webhooks"
          spellCheck={false}
          disabled={disabled}
        />
      </Field>
      <Field label="Signed as" error={errors.provider}>
        <select
          value={value.provider}
          onChange={(e) => onChange({ ...value, provider: e.target.value as ProfileId })}
          disabled={disabled}
        >
          {profileIds.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Secret" hint={secretHint} error={errors.secret}>
        <input
          type="password"
          value={value.secret}
          onChange={(e) => onChange({ ...value, secret: e.target.value })}
          autoComplete="off"
          disabled={disabled}
        />
      </Field>
    </>
  );
}
