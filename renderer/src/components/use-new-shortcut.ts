import { useEffect, useRef } from 'react';
import { dialogOpen, isTyping } from './keyboard';

/** "n" anywhere in the area (outside text fields and open dialogs) runs `action`, e.g. "new subscription". */
export function useNewShortcut(action: () => void): void {
  const latest = useRef(action);
  latest.current = action;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'n' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      if (dialogOpen()) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
