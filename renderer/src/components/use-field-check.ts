import { useEffect, useState } from 'react';

/**
 * A field's own check, shown before Save: once the user leaves the field or
 * stops typing for a moment (a pasted secret is judged at once, a half-typed
 * one is not scolded at each keystroke), then kept current as they type.
 */
export function useFieldCheck(
  value: string,
  problem: string | null,
  pauseMs = 700,
): { error: string | null; onBlur(): void } {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown || !value) return;
    const timer = setTimeout(() => setShown(true), pauseMs);
    return () => clearTimeout(timer);
  }, [value, shown, pauseMs]);
  return { error: shown ? problem : null, onBlur: () => setShown(true) };
}
