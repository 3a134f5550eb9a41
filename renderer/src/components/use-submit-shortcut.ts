import { useEffect, useRef } from 'react';

/**
 * Ctrl/Cmd+Enter anywhere in the current view runs its main action (Send,
 * Verify). Events already handled (e.g. by a Monaco editor's own Ctrl+Enter
 * command, which calls the same action) are skipped so it never runs twice.
 */
export function useSubmitShortcut(action: () => void): void {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.defaultPrevented) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
