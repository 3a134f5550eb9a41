import type { Capture, Verdict } from '../../../../shared/model/exchange';
import type { VerifyResult } from '../../../../shared/model/signing';
import { VerifyResultPanel } from '../../features/verify/verify-result';
import { StatusBadge } from '../status-badge';

/** Valid / invalid / not checked, in words and a mark (never colour alone). */
export function VerdictBadge({ verdict }: { verdict: Verdict | null }) {
  if (verdict === 'valid') return <StatusBadge tone="ok">valid</StatusBadge>;
  if (verdict === 'invalid') return <StatusBadge tone="bad">invalid</StatusBadge>;
  return <StatusBadge tone="neutral">not checked</StatusBadge>;
}

export function isVerifyResult(v: unknown): v is VerifyResult {
  return typeof v === 'object' && v !== null && 'valid' in v && Array.isArray((v as VerifyResult).steps);
}

/** What the receiver concluded about a capture's signature, step by step. */
export function VerificationSection({ capture }: { capture: Capture }) {
  const v = capture.verification;
  if (v === null || v === undefined)
    return (
      <p className="muted">
        Not checked: this inbox does not verify signatures. Edit the inbox to choose a profile and secret.
      </p>
    );
  if (isVerifyResult(v)) return <VerifyResultPanel result={v} />;
  return (
    <>
      <p className="muted small">The receiver stored this verification record:</p>
      <pre className="body-pre">{JSON.stringify(v, null, 2)}</pre>
    </>
  );
}
