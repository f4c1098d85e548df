// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Layer boundaries (GUIDE: data flows one way). Patterns match the import as written, e.g. '../../store/revenue.ts'.
/** @type {(names: string[], message: string) => { group: string[]; message: string }} */
const layer = (names, message) => ({ group: names.map((name) => `**/${name}/**`), message });
const drivers = {
  group: ['pg', 'pg/*', '@electric-sql/*'],
  message: 'SQL belongs to src/store: call a service verb.',
};

const forbiddenInCore = [
  layer(
    ['store', 'http', 'cli', 'services', 'importers', 'ingest', 'jobs', 'contract', 'web'],
    'src/core is pure: it imports no other layer.',
  ),
  { group: ['**/config.ts'], message: 'src/core reads no configuration: pass values in.' },
  {
    group: ['pg', 'pg/*', '@electric-sql/*', 'fastify', 'stripe'],
    message: 'src/core may not import a database driver, HTTP framework or API client.',
  },
  {
    group: [
      'node:fs',
      'node:fs/*',
      'fs',
      'fs/*',
      'node:net',
      'net',
      'node:http',
      'http',
      'node:https',
      'https',
      'node:child_process',
      'child_process',
      'node:worker_threads',
      'worker_threads',
    ],
    message: 'src/core does no I/O: pass data in.',
  },
];

/** Which layers each folder may not import; one `no-restricted-imports` block per folder. */
const boundaries = [
  { files: ['src/core/**/*.ts'], patterns: forbiddenInCore },
  {
    files: ['src/http/routes/**/*.ts', 'src/cli/commands/**/*.ts'],
    patterns: [layer(['store'], 'Routes and CLI commands never touch SQL: call a service verb.'), drivers],
  },
  {
    files: ['src/importers/**/*.ts'],
    patterns: [layer(['services', 'http', 'cli', 'jobs'], 'Importers read and write data; services call them.')],
  },
  {
    files: ['src/store/**/*.ts'],
    patterns: [layer(['services', 'http', 'cli', 'importers', 'jobs'], 'The store does SQL; it calls no service.')],
  },
  {
    files: ['src/services/**/*.ts'],
    patterns: [layer(['http', 'cli'], 'Services know no transport: no HTTP, no CLI.')],
  },
  {
    files: ['src/ingest/**/*.ts'],
    patterns: [
      layer(
        ['store', 'services', 'http', 'cli', 'importers', 'jobs'],
        'Ingestion steps are pure: the store calls them.',
      ),
    ],
  },
  {
    files: ['src/contract/**/*.ts'],
    patterns: [
      layer(
        ['store', 'services', 'http', 'cli', 'importers', 'ingest', 'jobs'],
        'The contract is schemas only: services, routes, CLI and web import it, not the other way round.',
      ),
    ],
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    patterns: [
      {
        // One exception: the pure CSV cell escaping, so the dashboard's and the CLI's exports escape alike.
        regex: '(^|/)src/(?!contract/|core/csv\\.ts$)',
        message: 'The dashboard talks to the server only over HTTP; its types come from src/contract.',
      },
      {
        regex: '(^|/)src/contract/',
        allowTypeImports: true,
        message: 'The dashboard imports only types from src/contract (import type).',
      },
    ],
  },
].map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

export default defineConfig(
  {
    ignores: [
      'node_modules/**',
      '.tenure/**',
      'web/dist/**',
      'web/dist-*/**',
      'dist/**',
      'coverage/**',
      'test-artifacts/**',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'bin/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    // React event handlers are arrow shorthands by habit; a void result there confuses nobody.
    files: ['web/src/**/*.tsx'],
    rules: { '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }] },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
