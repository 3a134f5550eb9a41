import { useEffect, useState } from 'react';
import { useStatusStore } from '../../stores/status-store';
import { useAccess } from '../../stores/session-store';
import { AccountPanel } from './account-panel';
import { themes, useThemeStore } from '../../stores/theme-store';
import { ApiKeysPanel } from './api-keys-panel';
import { AuditPanel } from './audit-panel';
import { ExchangeRetentionPanel } from './exchange-retention-panel';
import { UsersPanel } from './users-panel';
import './settings.css';

const themeLabels = { system: 'System', light: 'Light', dark: 'Dark' } as const;

/** System, light or dark, for this browser or window. */
function AppearancePanel() {
  const theme = useThemeStore((s) => s.theme);
  const setTheme = useThemeStore((s) => s.setTheme);
  return (
    <section className="panel" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {themes.map((t) => (
          <label key={t} className={t === theme ? 'seg seg-on' : 'seg'}>
            <input type="radio" name="theme" value={t} checked={t === theme} onChange={() => setTheme(t)} />
            {themeLabels[t]}
          </label>
        ))}
      </div>
      <p className="muted small">System follows your operating system's light or dark setting.</p>
    </section>
  );
}

function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

/** Settings/About: what is running, where, and since when — read live from the core. */
export function SettingsView() {
  const { status, error, refresh } = useStatusStore();
  // Users, API keys and the audit log are an admin's; every signed-in user has their own account.
  const admin = useAccess('listUsers').ok;
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void refresh();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [refresh]);

  if (error) {
    return (
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About this Hookbench</h2>
        <p role="alert" className="error-text">
          {error}
        </p>
        <button type="button" onClick={() => void refresh()}>
          Try again
        </button>
      </section>
    );
  }
  if (!status)
    return (
      <section className="panel" aria-busy="true">
        <p className="muted">Reading status…</p>
      </section>
    );

  const uptime = Math.max(0, Math.round((now - Date.parse(status.startedAt)) / 1000));
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About this Hookbench</h2>
        <dl className="facts" aria-label="App status">
          <dt>Version</dt>
          <dd data-testid="status-version">{status.version}</dd>
          <dt>Mode</dt>
          <dd>
            {status.mode === 'desktop'
              ? 'Desktop app'
              : status.mode === 'headless'
                ? 'Headless (served to this browser)'
                : status.mode}
          </dd>
          <dt>Data directory</dt>
          <dd>
            <code data-testid="status-data-dir">{status.dataDir}</code>
          </dd>
          <dt>Listening</dt>
          <dd>
            {status.listening.length === 0 ? (
              <span className="muted">Nothing yet</span>
            ) : (
              <ul className="plain" aria-label="Listening addresses">
                {status.listening.map((l) => (
                  <li key={l.name}>
                    <span className="tag">{l.name}</span> <code>{l.url}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Uptime</dt>
          <dd data-testid="status-uptime">{formatUptime(uptime)}</dd>
          <dt>Runtime</dt>
          <dd>
            Node {status.node} · {status.platform}
          </dd>
        </dl>
        {status.notices.length > 0 && (
          <div className="notices" role="status" aria-label="Notices">
            <h3>Notices</h3>
            <ul>
              {status.notices.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <AccountPanel />
      <AppearancePanel />
      <ExchangeRetentionPanel />
      {admin && <UsersPanel />}
      {admin && <ApiKeysPanel />}
      {admin && <AuditPanel />}
    </div>
  );
}
