// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Imports a layer must not make: the architecture's boundaries, enforced. */
const noImport = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        project: ['./tsconfig.json', './packages/web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in packages/server/src/config.ts; take settings from Config.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The one place the environment is read.
    files: [
      'packages/server/src/config.ts',
      'packages/cli/src/config-file.ts',
      'bench/**',
      '**/test/**',
      'packages/web/e2e/**',
      'test-support/**',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: [
      'packages/server/src/**/*.service.ts',
      'packages/server/src/policy/**',
      'packages/server/src/formats/**',
    ],
    rules: {
      'no-restricted-imports': noImport(
        ['fastify', 'fastify/*', '@fastify/*', 'kysely', 'kysely/*', 'pg', 'better-sqlite3'],
        'Services and pure code do not import Fastify or Kysely: routes and repositories do.',
      ),
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}', 'packages/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(
        [
          '@clearinghouse/server',
          '@clearinghouse/server/*',
          '**/server/src/**',
          '@clearinghouse/cli',
          '@clearinghouse/web',
        ],
        'The web app and the CLI import only @clearinghouse/shared; they talk to the server over HTTP.',
      ),
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(['@clearinghouse/*'], 'shared imports nothing of ours.'),
    },
  },
  {
    // Tests read untyped JSON responses; asserting on them is the point.
    files: ['**/test/**/*.ts', 'packages/web/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
