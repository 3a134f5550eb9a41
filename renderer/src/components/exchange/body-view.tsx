import { useId, useMemo, useState } from 'react';
import type { BodyView as Body } from '../../../../shared/model/exchange';
import { CodeEditor } from '../../editor/code-editor';
import { bodyBytes, hexDump, prettyJson } from './body-format';
import { formatBytes } from './exchange-format';

type Mode = 'pretty' | 'raw' | 'hex';

/**
 * A body three ways: JSON pretty-printed in a read-only Monaco, the raw text,
 * or a hex dump (the only view of binary bytes). Starts on the most readable.
 */
export function BodyView({ body, label }: { body: Body | null; label: string }) {
  const pretty = useMemo(() => (body?.isText ? prettyJson(body.text) : null), [body]);
  const [mode, setMode] = useState<Mode>(() => (body && !body.isText ? 'hex' : pretty ? 'pretty' : 'raw'));
  const name = useId();
  const dump = useMemo(() => {
    if (mode !== 'hex' || !body) return null;
    const bytes = bodyBytes(body);
    return { ...hexDump(bytes), length: bytes.length };
  }, [mode, body]);

  if (!body || body.size === 0) return <p className="muted small">{label}: empty.</p>;
  const modes: Mode[] = body.isText ? (pretty ? ['pretty', 'raw', 'hex'] : ['raw', 'hex']) : ['hex'];
  const current = modes.includes(mode) ? mode : modes[0]!;
  return (
    <div className="body-panel" role="group" aria-label={label}>
      <div className="body-head">
        <span className="muted small">
          {formatBytes(body.size)}
          {body.isText ? '' : ' binary'}
          {body.truncated && (
            <span className="warn-text"> · stored truncated at the body cap (the rest was not kept)</span>
          )}
        </span>
        {modes.length > 1 && (
          <div className="segmented small-seg" role="radiogroup" aria-label={`${label} view`}>
            {modes.map((m) => (
              <label key={m} className={m === current ? 'seg seg-on' : 'seg'}>
                <input type="radio" name={name} checked={m === current} onChange={() => setMode(m)} />
                {m === 'pretty' ? 'Pretty' : m === 'raw' ? 'Raw' : 'Hex'}
              </label>
            ))}
          </div>
        )}
      </div>
      {current === 'pretty' && pretty !== null && (
        <CodeEditor
          value={pretty}
          language="json"
          readOnly
          height={Math.min(300, 24 + pretty.split('\n').length * 19)}
          aria-label={label}
        />
      )}
      {current === 'raw' && (
        <pre className="body-pre" aria-label={`${label} raw`}>
          {body.text}
        </pre>
      )}
      {current === 'hex' && dump && (
        <>
          <pre className="body-pre hex" aria-label={`${label} hex`}>
            {dump.text}
          </pre>
          {dump.shown < dump.length && (
            <p className="muted small">
              First {formatBytes(dump.shown)} of {formatBytes(dump.length)} shown.
            </p>
          )}
        </>
      )}
    </div>
  );
}
