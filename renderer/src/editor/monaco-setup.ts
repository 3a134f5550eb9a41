/**
 * Monaco, bundled: the editor API, its contributions and the JSON language.
 * `monaco-editor`'s main entry would also pull ~80 languages; the app edits
 * JSON and plain text only. This module is
 * loaded lazily by <CodeEditor>, so the first paint never waits for Monaco.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
// Every contribution with its services: the JSON language pulls in features such as
// code lens and suggest anyway, and without their service registrations Monaco
// throws "depends on UNKNOWN service" (seen in the built app).
import 'monaco-editor/features/register.all';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

// Workers come from our own origin (CSP: worker-src 'self' blob:), never a CDN.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

// Strict JSON as receivers parse it: no comments, no trailing commas, and no
// schema fetched from the network.
jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  trailingCommas: 'error',
  schemas: [],
  enableSchemaRequest: false,
});

const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/** Themes built from the app's CSS variables so the editor sits in the panel without a seam. */
function defineThemes(): void {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const colors = {
    'editor.background': v('--panel', dark?.matches ? '#1c1f26' : '#ffffff'),
    'editorGutter.background': v('--panel', dark?.matches ? '#1c1f26' : '#ffffff'),
    'editorLineNumber.foreground': v('--muted', '#888888'),
  };
  monaco.editor.defineTheme('hookbench-light', { base: 'vs', inherit: true, rules: [], colors });
  monaco.editor.defineTheme('hookbench-dark', { base: 'vs-dark', inherit: true, rules: [], colors });
}

function applyTheme(): void {
  defineThemes();
  monaco.editor.setTheme(dark?.matches ? 'hookbench-dark' : 'hookbench-light');
}

applyTheme();
// Follow the OS while the app runs: the CSS variables switch first, then the editor.
dark?.addEventListener('change', applyTheme);

export { monaco };
