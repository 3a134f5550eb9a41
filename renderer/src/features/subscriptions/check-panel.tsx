import { useState } from 'react';
import type { CheckReport } from '../../../../shared/model/check';
import type { Subscription } from '../../../../shared/model/subscription';
import { bridge } from '../../bridge/bridge';
import { CheckScorecard } from './check-scorecard';
import './check-panel.css';
import { GatedButton } from '../../components/gated';

type State = { running: boolean; report: CheckReport | null; error: string | null };

/**
 * "Check endpoint": grades this subscription's receiver the way its provider
 * would stress it (core checkEndpoint). Nothing it sends is logged.
 */
export function CheckPanel({ subscription }: { subscription: Subscription }) {
  const [state, setState] = useState<State & { forId: string }>({
    forId: subscription.id,
    running: false,
    report: null,
    error: null,
  });
  const current = state.forId === subscription.id ? state : { running: false, report: null, error: null };

  async function run() {
    const forId = subscription.id;
    setState({ forId, running: true, report: null, error: null });
    const r = await bridge().call('checkEndpoint', { target: { kind: 'subscription', id: forId } });
    setState(
      r.ok
        ? { forId, running: false, report: r.value, error: null }
        : { forId, running: false, report: null, error: r.error.message },
    );
  }

  return (
    <section className="check-panel" aria-labelledby="check-title">
      <div className="check-head">
        <h3 id="check-title">Check endpoint</h3>
        <GatedButton method="checkEndpoint" type="button" onClick={() => void run()} disabled={current.running}>
          {current.running ? 'Checking…' : current.report ? 'Check again' : 'Check endpoint'}
        </GatedButton>
      </div>
      <p className="muted small">
        Sends correct and forged deliveries the way {subscription.profile} would (wrong or missing signatures, altered
        bodies, old timestamps, duplicates, a burst) and grades the answers. Nothing is recorded in Deliveries.
      </p>
      <div aria-live="polite" aria-busy={current.running}>
        {current.error && (
          <p role="alert" className="error-text">
            {current.error}
          </p>
        )}
        {current.report && <CheckScorecard report={current.report} />}
      </div>
    </section>
  );
}
