import { useEffect, type ReactNode } from 'react';
import { ShortcutsOverlay } from '../components/shortcuts-overlay';
import { AreaIcon } from '../components/icons';
import { SettingsView } from '../features/settings/settings-view';
import { VerifyView } from '../features/verify/verify-view';
import { DeliveriesView } from '../features/deliveries/deliveries-view';
import { SendView } from '../features/send/send-view';
import { SubscriptionsView } from '../features/subscriptions/subscriptions-view';
import { InboxView } from '../features/inbox/inbox-view';
import { areas, useNavStore, type AreaId } from '../stores/nav-store';
import { useStatusStore } from '../stores/status-store';
import { useSessionStore } from '../stores/session-store';
import { bridge } from '../bridge/bridge';
import { NoAccessPage, SignInPage } from '../features/account/sign-in-page';
import { RoleBanner, WhoIsSignedIn } from '../features/account/who-is-signed-in';

const views: Record<AreaId, () => ReactNode> = {
  subscriptions: () => <SubscriptionsView />,
  send: () => <SendView />,
  deliveries: () => <DeliveriesView />,
  inbox: () => <InboxView />,
  verify: () => <VerifyView />,
  settings: () => <SettingsView />,
};

function AreaView({ area }: { area: AreaId }): ReactNode {
  return views[area]();
}

/**
 * Who the page is comes first: a browser on a Hookbench with accounts signs in
 * (the desktop window and a laptop's token URL go straight in, as the local owner).
 */
export function App() {
  const phase = useSessionStore((s) => s.phase);
  const load = useSessionStore((s) => s.load);
  const ended = useSessionStore((s) => s.ended);
  useEffect(() => {
    void load();
    return bridge().auth?.onSessionEnded(ended);
  }, [load, ended]);
  if (phase === 'sign-in') return <SignInPage />;
  if (phase === 'no-access') return <NoAccessPage />;
  if (phase === 'loading')
    return (
      <main className="sign-in" aria-busy="true">
        <p className="muted">Opening Hookbench…</p>
      </main>
    );
  return <Shell />;
}

function Shell() {
  const { area, go, syncFromLocation } = useNavStore();
  const connected = useStatusStore((s) => s.connected);
  const locked = useStatusStore((s) => s.locked);
  const status = useStatusStore((s) => s.status);
  const connect = useStatusStore((s) => s.connect);

  useEffect(() => connect(), [connect]);
  useEffect(() => {
    window.addEventListener('hashchange', syncFromLocation);
    const onKey = (e: KeyboardEvent) => {
      if (!(e.altKey || e.metaKey) || e.ctrlKey || e.shiftKey) return;
      const target = areas.find((a) => a.key === e.key);
      if (target) {
        e.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', syncFromLocation);
      window.removeEventListener('keydown', onKey);
    };
  }, [go, syncFromLocation]);

  const current = areas.find((a) => a.id === area)!;
  return (
    <div className="frame">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⟲
          </span>{' '}
          Hookbench
        </div>
        <ul className="nav-list">
          {areas.map((a) => (
            <li key={a.id}>
              <a
                href={`#/${a.id}`}
                aria-current={a.id === area ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(a.id);
                }}
                title={`${a.label} (Alt+${a.key})`}
              >
                <AreaIcon area={a.id} />
                <span>{a.label}</span>
              </a>
            </li>
          ))}
        </ul>
        <ShortcutsOverlay />
        <div className="sidebar-foot" role="status" aria-live="polite">
          <span className={connected ? 'dot ok' : 'dot bad'} aria-hidden="true" />
          {connected || !locked ? (
            <>
              {connected ? 'Connected' : 'Reconnecting…'}
              {status && <span className="muted"> · v{status.version}</span>}
            </>
          ) : (
            <span className="foot-locked">{locked}</span>
          )}
        </div>
        <WhoIsSignedIn />
      </nav>
      <main className="content" aria-labelledby="area-title">
        <header className="content-head">
          <h1 id="area-title">{current.label}</h1>
        </header>
        <RoleBanner />
        <AreaView area={area} />
      </main>
    </div>
  );
}
