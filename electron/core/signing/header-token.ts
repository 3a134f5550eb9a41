import type { ProfileId, ProfileInfo } from '../../../shared/model/signing';
import { bodyPreview, constantTimeEqual } from './bytes';
import { getHeader } from './header-lookup';
import { missingHeaderHints } from './hmac-verify';
import type { SigningProfile } from './profile';
import { requireSecrets } from './secrets';
import { VerifyReport } from './verify-report';

export interface HeaderTokenScheme {
  profile: ProfileId;
  label: string;
  header: string;
  /** The header value a secret turns into (e.g. `Bearer <token>`). */
  value(secret: string): string;
  extraHeaders: Record<string, string>;
}

/**
 * Providers that authenticate with a shared value in a header and sign
 * nothing (Okta event hooks, Auth0 log streams): the body is not bound, so a
 * receiver can only check the header, and the token is never shown in output.
 */
export function headerTokenProfile(info: ProfileInfo, scheme: HeaderTokenScheme): SigningProfile {
  return {
    info,
    async sign(input) {
      requireSecrets(input.secrets, scheme.label);
      return {
        headers: { ...scheme.extraHeaders, [scheme.header]: scheme.value(input.secrets[0]!) },
        computed: {
          signedContent: `nothing: "${scheme.header}" carries the shared secret; the body is not signed`,
          signedContentLength: 0,
          bodyLength: input.body.length,
          bodyPreview: bodyPreview(input.body),
          algorithm: 'shared secret in a header',
        },
      };
    },
    async verify(input) {
      requireSecrets(input.secrets, scheme.label);
      const report = new VerifyReport(scheme.profile);
      const received = getHeader(input.headers, scheme.header);
      if (received === undefined) {
        report.fail(
          'headers-present',
          `missing header "${scheme.header}".`,
          missingHeaderHints(input.headers, scheme.header, scheme.profile),
        );
        return report.result();
      }
      report.pass('headers-present', `found "${scheme.header}".`);
      const matched = input.secrets.findIndex((s) => constantTimeEqual(received.trim(), scheme.value(s)));
      if (matched >= 0) {
        report.matchedSecret = matched;
        report.pass(
          'signature',
          `"${scheme.header}" holds the shared secret${input.secrets.length > 1 ? ` #${matched + 1}` : ''} (${scheme.label} does not sign the body).`,
        );
      } else
        report.fail(
          'signature',
          `"${scheme.header}" does not hold ${input.secrets.length === 1 ? 'the secret' : 'any of the secrets'}: the sender is configured with another value.`,
        );
      return report.result();
    },
  };
}
