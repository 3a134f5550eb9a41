import { profileIds, type ProfileId, type ProfileInfo } from '../../../shared/model/signing';

/** A profile select's options: the catalog's labels once loaded, the bare ids until then. */
export function ProfileOptions({ profiles, except }: { profiles: ProfileInfo[] | null; except?: ProfileId }) {
  return (
    <>
      {(profiles ?? profileIds.map((id) => ({ id, label: id })))
        .filter((p) => p.id !== except)
        .map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
    </>
  );
}
