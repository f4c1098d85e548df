// @ts-check
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const forbiddenInCore = [
  {
    group: ['**/store/**', '**/http/**', '**/cli/**', '**/services/**', '**/importers/**', '**/ingest/**'],
    message: 'src/core is pure: no store, HTTP, CLI or service imports.',
  },
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
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInCore }] },
  },
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
