import { useEffect, useState } from 'react';
import { copyText } from './clipboard';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A button that copies text and says whether it worked. `text` may be a
 * function so expensive or time-sensitive text (a freshly signed curl) is
 * built at click time; returning null means "nothing to copy" (the caller
 * shows why).
 */
export function CopyButton({
  text,
  label,
  disabled,
}: {
  text: string | (() => Promise<string | null> | string | null);
  label: string;
  disabled?: boolean;
}) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function onClick() {
    const value = typeof text === 'function' ? await text() : text;
    if (value === null) return;
    setState((await copyText(value)) ? 'copied' : 'failed');
  }

  return (
    <span className="copy-wrap">
      <button type="button" onClick={() => void onClick()} disabled={disabled}>
        {label}
      </button>
      {/* fixed-width live region: the message appears without moving the row */}
      <span className="copy-status" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: your browser refused the clipboard' : ''}
      </span>
    </span>
  );
}
