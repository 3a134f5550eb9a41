import { StatusBadge } from '../../components/status-badge';
import type { VerificationState } from '../../stores/inbox-store';

/** Valid / invalid / not checked, in words and a mark (never colour alone). */
export function VerificationBadge({ state }: { state: VerificationState }) {
  if (state === 'valid') return <StatusBadge tone="ok">valid</StatusBadge>;
  if (state === 'invalid') return <StatusBadge tone="bad">invalid</StatusBadge>;
  if (state === 'unchecked') return <StatusBadge tone="neutral">not checked</StatusBadge>;
  return <span className="badge-placeholder" aria-label="checking" />;
}
