import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor';
import type { EditorProblem } from './editor-problem';

type MonacoModule = typeof import('./monaco-setup');

export interface CodeEditorProps {
  value: string;
  onChange?(value: string): void;
  language: 'json' | 'plaintext';
  readOnly?: boolean;
  /** CSS height of the editor box; fixed so nothing jumps while Monaco loads. */
  height?: number | string;
  'aria-label': string;
  /** Validation problems (JSON syntax errors…) each time they change. */
  onProblems?(problems: EditorProblem[]): void;
  /** Ctrl/Cmd+Enter inside the editor (Monaco would otherwise insert a line). */
  onSubmit?(): void;
  /** Marks the box as holding an error the parent shows below it. */
  invalid?: boolean;
}

let loading: Promise<MonacoModule> | undefined;
function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco-setup').catch((e: unknown) => {
    loading = undefined; // a later mount may retry (e.g. after a reconnect)
    throw e;
  });
  return loading;
}

let modelCounter = 0;

function toProblem(m: Monaco.editor.IMarker, severity: typeof Monaco.MarkerSeverity): EditorProblem {
  return {
    line: m.startLineNumber,
    column: m.startColumn,
    message: m.message,
    severity: m.severity >= severity.Error ? 'error' : m.severity >= severity.Warning ? 'warning' : 'info',
  };
}

/** Monaco as a controlled React input; the parent owns the text. */
export function CodeEditor(props: CodeEditorProps) {
  const { value, language, readOnly = false, height = 280 } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  // latest callbacks without re-creating the editor on every render
  const callbacks = useRef(props);
  callbacks.current = props;
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    const disposables: Monaco.IDisposable[] = [];
    loadMonaco().then(
      ({ monaco }) => {
        if (disposed || !host.current) return;
        const uri = monaco.Uri.parse(`inmemory://hookbench/editor-${++modelCounter}`);
        const model = monaco.editor.createModel(callbacks.current.value, callbacks.current.language, uri);
        const editor = monaco.editor.create(host.current, {
          model,
          readOnly: callbacks.current.readOnly ?? false,
          ariaLabel: callbacks.current['aria-label'],
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
          lineNumbersMinChars: 3,
          tabSize: 2,
          renderLineHighlight: 'line',
          fixedOverflowWidgets: true,
          wordWrap: 'on',
        });
        editorRef.current = editor;
        // With EditContext, Monaco labels its edit surface but leaves the IME textarea beside it unnamed;
        // a screen reader (or an audit) meeting that textarea should hear which editor it belongs to.
        for (const area of host.current.querySelectorAll('textarea:not([aria-label])'))
          area.setAttribute('aria-label', callbacks.current['aria-label']);
        const report = () => {
          const markers = monaco.editor.getModelMarkers({ resource: uri });
          callbacks.current.onProblems?.(markers.map((m) => toProblem(m, monaco.MarkerSeverity)));
        };
        disposables.push(
          model.onDidChangeContent(() => callbacks.current.onChange?.(model.getValue())),
          monaco.editor.onDidChangeMarkers((uris) => {
            if (uris.some((u) => u.toString() === uri.toString())) report();
          }),
          model,
          editor, // disposed first (the list is disposed in reverse)
        );
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onSubmit?.());
        setReady(true);
      },
      (e: unknown) => {
        if (!disposed) setFailed(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      disposed = true;
      editorRef.current = null;
      for (const d of disposables.reverse()) d.dispose();
    };
    // created once per mount: value, language and readOnly sync below, so
    // switching language while typing keeps focus, cursor and undo history
  }, []);

  // Push outside changes (regenerate, reset) into the model, keeping undo history.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === value) return;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
  }, [value, ready]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly, ready]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getLanguageId() === language) return;
    void loadMonaco().then(({ monaco }) => {
      monaco.editor.setModelLanguage(model, language);
      // plain text has no validator to clear the old JSON markers
      if (language !== 'json') monaco.editor.setModelMarkers(model, 'json', []);
    });
  }, [language, ready]);

  const style = { height: typeof height === 'number' ? `${height}px` : height };
  if (failed) {
    // Still usable without Monaco: a plain textarea the parent validates the same way.
    return (
      <div className="code-editor code-editor-fallback" style={style}>
        <p className="error-text" role="alert">
          The code editor could not load ({failed}); using a plain text box.
        </p>
        <textarea
          aria-label={props['aria-label']}
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          onChange={(e) => props.onChange?.(e.target.value)}
        />
      </div>
    );
  }
  return (
    <div
      className="code-editor"
      style={style}
      data-ready={ready ? 'true' : 'false'}
      data-invalid={props.invalid ? 'true' : undefined}
      aria-busy={!ready}
      data-testid={`code-editor-${props['aria-label']}`}
    >
      <div ref={host} className="code-editor-host" />
      {!ready && <p className="code-editor-loading muted">Loading editor…</p>}
    </div>
  );
}
