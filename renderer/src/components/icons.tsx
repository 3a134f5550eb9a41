import type { AreaId } from '../stores/nav-store';

/** Small stroke icons drawn inline: the UI loads nothing from the network. */
const paths: Record<AreaId, string> = {
  subscriptions: 'M4 6h16M4 12h16M4 18h10',
  send: 'M4 12l16-8-6 16-2-7-8-1z',
  deliveries: 'M4 5h16v4H4zM4 11h16v4H4zM4 17h16v2H4z',
  inbox: 'M4 13l2-8h12l2 8v6H4zM4 13h5l1 2h4l1-2h5',
  verify: 'M12 3l7 3v6c0 4-3 7-7 9-4-2-7-5-7-9V6zM9 12l2 2 4-4',
  settings: 'M12 9a3 3 0 100 6 3 3 0 000-6zM12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
};

export function AreaIcon({ area }: { area: AreaId }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={paths[area]} />
    </svg>
  );
}
