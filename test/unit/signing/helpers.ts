import type { HeaderMap, ProfileId, SignInput } from '../../../shared/model/signing';
import { sign, verify } from '../../../electron/core/signing';

export const utf8 = (text: string) => new TextEncoder().encode(text);

export async function signText(profile: ProfileId, body: string, secrets: string[], extra: Partial<SignInput> = {}) {
  return sign({ profile, body: utf8(body), secrets, id: 'msg_test', timestamp: 1_700_000_000, ...extra });
}

export async function verifyText(
  profile: ProfileId,
  headers: HeaderMap,
  body: string,
  secrets: string[],
  now = 1_700_000_000,
  extra: object = {},
) {
  return verify({ profile, headers, body: utf8(body), secrets, now, ...extra });
}
