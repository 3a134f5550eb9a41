import type { ComputedInfo, VerifyResult, VerifyStepName } from '../../../../shared/model/signing';
import { StatusBadge } from '../../components/status-badge';

const stepLabels: Record<VerifyStepName, string> = {
  secret: 'Secret',
  'headers-present': 'Headers present',
  'header-format': 'Header format',
  timestamp: 'Timestamp',
  signature: 'Signature',
  claims: 'JWT claims',
  'body-hash': 'Body hash',
  'body-format': 'Body format',
};

function Computed({ computed }: { computed: ComputedInfo }) {
  return (
    <section aria-labelledby="computed-title">
      <h3 id="computed-title">What was computed</h3>
      <dl className="facts facts-dense" aria-label="Computed values">
        <dt>Signed content</dt>
        <dd>
          <code>{computed.signedContent}</code> <span className="muted">({computed.signedContentLength} bytes)</span>
        </dd>
        <dt>Algorithm</dt>
        <dd>{computed.algorithm}</dd>
        <dt>Body</dt>
        <dd>
          {computed.bodyLength} bytes
          {computed.bodyPreview && (
            <>
              , starting <code className="preview">{computed.bodyPreview}</code>
            </>
          )}
        </dd>
        {computed.expected !== undefined && (
          <>
            <dt>Expected</dt>
            <dd>
              <code data-testid="computed-expected">{computed.expected}</code>
            </dd>
          </>
        )}
        {computed.received && (
          <>
            <dt>Received</dt>
            <dd>
              {computed.received.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                <ul className="plain">
                  {computed.received.map((r, i) => (
                    <li key={i}>
                      <code>{r}</code>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The core's explanation, step by step: what was checked, over which bytes, and what to try. */
export function VerifyResultPanel({ result }: { result: VerifyResult }) {
  return (
    <div className="verify-result" aria-label="Verification result" role="region">
      <div
        className={result.valid ? 'verdict verdict-ok' : 'verdict verdict-bad'}
        role="status"
        data-testid="verify-outcome"
        data-valid={result.valid}
      >
        <StatusBadge tone={result.valid ? 'ok' : 'bad'}>{result.valid ? 'Valid' : 'Invalid'}</StatusBadge>
        <span data-testid="verify-verdict">{result.verdict}</span>
      </div>
      {result.matchedSecret !== undefined && <p className="muted small">Matched secret #{result.matchedSecret + 1}.</p>}
      <h3>Steps</h3>
      <ol className="steps" aria-label="Verification steps">
        {result.steps.map((step, i) => (
          <li
            key={i}
            className={step.ok ? 'step step-ok' : 'step step-bad'}
            aria-label={`${stepLabels[step.name] ?? step.name}: ${step.ok ? 'passed' : 'failed'}`}
          >
            <span className="step-mark" aria-hidden="true">
              {step.ok ? '✓' : '✗'}
            </span>
            <span className="step-name">{stepLabels[step.name] ?? step.name}</span>
            <span className="step-detail">{step.detail}</span>
          </li>
        ))}
      </ol>
      {result.hints.length > 0 && (
        <section aria-labelledby="hints-title">
          <h3 id="hints-title">Hints</h3>
          <ul className="hints" aria-label="Hints">
            {result.hints.map((h, i) => (
              <li key={i} data-code={h.code}>
                {h.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result.computed && <Computed computed={result.computed} />}
    </div>
  );
}
