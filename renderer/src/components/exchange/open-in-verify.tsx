import type { Capture } from '../../../../shared/model/exchange';
import { useInboxStore } from '../../stores/inbox-store';
import { useNavStore } from '../../stores/nav-store';
import { useVerifyStore } from '../../stores/verify-store';
import { isVerifyResult } from './verification';

/**
 * Hands the exact request to Verify, with "now" set to when it arrived so an
 * old capture is not failed for its age, and with the inbox's own secret (kept
 * in the core, used by reference): the way to find out which secret a sender
 * really used is to try others there.
 */
export function OpenInVerify({ capture: c }: { capture: Capture }) {
  const v = isVerifyResult(c.verification) ? c.verification : null;
  const why = c.body.truncated
    ? 'The body was stored truncated (over the storage cap), so its signature cannot be checked again.'
    : !c.body.isText
      ? 'The body is binary; check it with `hookbench verify --body FILE`.'
      : null;
  return (
    <button
      type="button"
      disabled={why !== null}
      title={why ?? 'Check this exact request again, with the inbox’s secret or another one'}
      onClick={() => {
        const inbox = useInboxStore.getState().inboxes?.find((i) => i.id === c.inboxId);
        useVerifyStore.getState().set({
          ...(v ? { provider: v.profile } : {}),
          headersText: c.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
          body: c.body.text ?? '',
          nowText: String(Math.floor(Date.parse(c.receivedAt) / 1000)),
          secretsText: '',
          storedSecret: inbox?.verification
            ? { inboxId: inbox.id, name: inbox.name, profile: inbox.verification.profile }
            : null,
        });
        useNavStore.getState().go('verify');
      }}
    >
      Open in Verify
    </button>
  );
}
