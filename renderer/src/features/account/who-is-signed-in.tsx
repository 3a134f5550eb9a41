import { roleLabels } from '../../../../shared/model/account';
import { useSessionStore } from '../../stores/session-store';
import './account.css';

/** The signed-in user and their role, with sign-out; nothing for the local owner (the desktop app, a laptop). */
export function WhoIsSignedIn() {
  const user = useSessionStore((s) => s.user);
  const signOut = useSessionStore((s) => s.signOut);
  if (!user || user.kind === 'owner') return null;
  return (
    <section className="who" aria-label="Signed in">
      <span className="who-name" title={user.label}>
        {user.name}
      </span>
      <span className="muted who-email" title={user.label}>
        {user.label}
      </span>
      <div className="who-row">
        <span className="tag role-tag" data-role={user.role} data-testid="current-role">
          {roleLabels[user.role]}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </section>
  );
}

const BANNERS = {
  viewer:
    'You are a Viewer: you can browse, search, open and export. Replaying, sending and editing need the Editor role — ask an admin.',
  editor: null,
  admin: null,
} as const;

/** What the signed-in role cannot do, said once at the top of every area (the actions themselves say why they are off). */
export function RoleBanner() {
  const role = useSessionStore((s) => (s.user && s.user.kind !== 'owner' ? s.user.role : null));
  const text = role ? BANNERS[role] : null;
  if (!text) return null;
  return (
    <p className="role-banner" role="note">
      {text}
    </p>
  );
}
