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
import { isDark, useThemeStore } from '../stores/theme-store';
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

/** A CSS colour of the app as #rrggbb (Monaco reads hex only; the variables hold light-dark() pairs). */
function cssColor(variable: string, fallback: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  document.body.appendChild(probe);
  const rgb = getComputedStyle(probe).color.match(/\d+/g);
  probe.remove();
  if (!rgb || rgb.length < 3) return fallback;
  return `#${rgb
    .slice(0, 3)
    .map((c) => Number(c).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Themes built from the app's colours so the editor sits in the panel without a seam. */
function applyTheme(): void {
  const dark = isDark();
  const panel = cssColor('--panel', dark ? '#1c1f26' : '#ffffff');
  const colors = {
    'editor.background': panel,
    'editorGutter.background': panel,
    'editorLineNumber.foreground': cssColor('--muted', '#888888'),
  };
  const name = dark ? 'hookbench-dark' : 'hookbench-light';
  monaco.editor.defineTheme(name, { base: dark ? 'vs-dark' : 'vs', inherit: true, rules: [], colors });
  monaco.editor.setTheme(name);
}

applyTheme();
// Follow the theme while the app runs: the chosen one, or the OS's when it follows the system.
useThemeStore.subscribe(applyTheme);
if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', applyTheme);

export { monaco };
