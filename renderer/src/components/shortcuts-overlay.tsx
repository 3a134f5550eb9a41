import { useEffect, useRef, useState, type ReactNode } from 'react';
import { areas } from '../stores/nav-store';
import { dialogOpen, isTyping } from './keyboard';

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

const Keys = ({ keys }: { keys: string[] }) => (
  <>
    {keys.map((k, i) => (
      <span key={i}>
        {i > 0 && <span className="muted"> / </span>}
        {k.split('+').map((part, j) => (
          <span key={j}>
            {j > 0 && '+'}
            <kbd>{part}</kbd>
          </span>
        ))}
      </span>
    ))}
  </>
);

/** Every shortcut the app answers to, grouped where it works. Kept next to the code that lists them. */
const groups: Array<{ title: string; rows: Array<[keys: string[], what: ReactNode]> }> = [
  {
    title: 'Anywhere',
    rows: [
      [['?'], 'Show this list'],
      ...areas.map((a): [string[], ReactNode] => [[`Alt+${a.key}`], `Go to ${a.label}`]),
      [['Esc'], 'Close a dialog or the open detail'],
    ],
  },
  {
    title: 'Send and Verify',
    rows: [[[`${mod}+Enter`], 'Send the event / verify the request (also inside the editor)']],
  },
  {
    title: 'Subscriptions and Inbox',
    rows: [[['n'], 'New subscription / new inbox']],
  },
  {
    title: 'Deliveries and an inbox’s captures',
    rows: [
      [['j', '↓'], 'Next row'],
      [['k', '↑'], 'Previous row'],
      [['PageDown', 'PageUp'], 'Move 20 rows'],
      [['Enter'], 'Open the selected row'],
      [['/'], 'Search'],
      [['Esc'], 'Leave the search (the results stay)'],
      [['r'], 'Replay the open delivery (asks first)'],
    ],
  },
  {
    title: 'Code editor',
    rows: [
      [[`${mod}+F`], 'Find'],
      [['F8'], 'Go to the next problem'],
      [['Shift+Alt+F'], 'Format the JSON (changes the bytes that are sent)'],
    ],
  },
];

/** `?` opens a list of keyboard shortcuts; Esc or the button closes it and focus returns where it was. */
export function ShortcutsOverlay() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      if (dialogOpen()) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    // showModal makes the page behind inert and traps focus; close() restores focus to the opener
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <>
      <button type="button" className="shortcuts-button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Keyboard shortcuts <kbd>?</kbd>
      </button>
      <dialog
        ref={dialog}
        className="shortcuts-dialog"
        aria-labelledby="shortcuts-title"
        onClose={() => setOpen(false)}
        // the views listen on window (j/k, Esc closes a detail): keys meant for this dialog stay here
        onKeyDown={(e) => e.stopPropagation()}
        onClick={(e) => {
          if (e.target === e.currentTarget) setOpen(false); // a click on the backdrop
        }}
      >
        <div className="shortcuts-body">
          <div className="shortcuts-head">
            <h2 id="shortcuts-title">Keyboard shortcuts</h2>
            <button type="button" onClick={() => setOpen(false)} data-autofocus>
              Close
            </button>
          </div>
          <div className="shortcuts-grid">
            {groups.map((g) => (
              <section key={g.title} aria-label={g.title}>
                <h3>{g.title}</h3>
                <table className="shortcuts-table">
                  <tbody>
                    {g.rows.map(([keys, what], i) => (
                      <tr key={i}>
                        <td>
                          <Keys keys={keys} />
                        </td>
                        <td>{what}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
          </div>
        </div>
      </dialog>
    </>
  );
}
