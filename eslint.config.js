import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Bare built-in names go in `paths` (exact match): as gitignore-style patterns they
// would also catch our own files named e.g. events.ts.
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'stream',
  'util',
  'events',
  'zlib',
  'tls',
  'dns',
  'worker_threads',
];
const nodeBuiltins = ['node:*'];
const builtinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

/** The layering of ARCHITECTURE.md, enforced: shared ← core ← main/headless; renderer → shared only. */
const boundaries = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('shared/ runs in the browser too: no Node built-ins.'),
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', '**/test/**'],
              message: 'shared/ is isomorphic and imports nothing of ours outside shared/.',
            },
            { group: nodeBuiltins, message: 'shared/ runs in the browser too: no Node built-ins.' },
            {
              group: ['electron', 'react', 'react-dom', 'undici', 'lowdb', 'lowdb/*'],
              message: 'shared/ stays isomorphic: no platform libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'react', 'react-dom', 'react-dom/*'],
              message: 'electron/core is plain Node: no Electron, no React.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/headless/**', '**/renderer/**'],
              message: 'electron/core is imported by the doors, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('The renderer runs in a sandboxed page: no Node built-ins.'),
          patterns: [
            {
              group: ['**/electron/**', 'electron'],
              message: 'The renderer speaks to the core only through the bridge (shared/ types).',
            },
            { group: nodeBuiltins, message: 'The renderer runs in a sandboxed page: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('The sandboxed preload can only use electron and shared/.'),
          patterns: [
            {
              group: ['**/core/**', '**/main/**', '**/headless/**', ...nodeBuiltins],
              message: 'The sandboxed preload can only use electron and shared/.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // tests read loosely typed answers (JSON bodies, mocks); their assertions are the check
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...boundaries,
);
