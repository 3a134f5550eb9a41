import { useState } from 'react';
import type { BodyView as Body } from '../../../../shared/model/exchange';
import { CodeEditor } from '../../editor/code-editor';
import { formatBytes, hexDump, prettyJson } from './capture-format';

/** A captured body: pretty JSON in a read-only editor, text as is, binary as a hex dump; "raw" shows the exact text. */
export function BodyView({ body, label }: { body: Body; label: string }) {
  const [raw, setRaw] = useState(false);
  const pretty = body.text !== null ? prettyJson(body.text) : null;
  const note = `${formatBytes(body.size)}${body.truncated ? ', stored truncated' : ''}${body.isText ? '' : ', binary'}`;
  if (body.size === 0) return <p className="muted small">Empty body.</p>;
  return (
    <div className="body-view">
      <div className="body-view-head">
        <span className="muted small">{note}</span>
        {pretty && (
          <label className="check small">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw
          </label>
        )}
      </div>
      {pretty && !raw ? (
        <CodeEditor
          aria-label={label}
          language="json"
          value={pretty}
          readOnly
          height={Math.min(320, 40 + pretty.split('\n').length * 19)}
        />
      ) : body.text !== null ? (
        <pre className="capture-pre" aria-label={label}>
          {body.text}
        </pre>
      ) : (
        <pre className="capture-pre" aria-label={`${label} (hex)`}>
          {hexDump(body.base64 ?? '')}
        </pre>
      )}
    </div>
  );
}
