// ESLint: typescript-eslint with type information, Prettier decides formatting, and the determinism boundary of
// HOUSE_STYLE.md as import rules, so a workflow that reaches for Node or zod fails in the editor, not in a replay.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const sdkInternals = {
  regex: '^@temporalio/[^/]+/(lib|build|src)/',
  message: "the SDK's internals change without notice: import from the package itself (its index is its public API)",
};

const workflowImports = {
  regex: '^(?!@temporalio/workflow$|\\./|\\.\\./orchestration/)',
  allowTypeImports: true,
  message:
    'workflow code is replayed: it may import @temporalio/workflow, src/orchestration and types only (HOUSE_STYLE.md, determinism boundary)',
};

const orchestrationImports = {
  regex: '^(?!\\./)',
  allowTypeImports: true,
  message:
    'src/orchestration holds pure decisions: it imports its own modules and types only, nothing with side effects',
};

const serverCoreImports = {
  regex: '^\\.\\./(grpc|dev-server[\\w-]*)(/|$)',
  message:
    'the server core (history, store, matching, timers, visibility) sits below grpc/ and the dev server; shared errors live in server/errors',
};

const configImports = {
  regex: '^\\.\\./(server|cli|workers|client|activities)/',
  message: 'config is imported by every layer and imports none of them; shared catalogues live in config',
};

const testSupportImports = {
  regex: '/bench/',
  message: 'bench/ may use test/support, not the reverse (HOUSE_STYLE.md)',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'ui/', '.steadfast/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals] }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals, workflowImports] }] },
  },
  {
    files: ['src/orchestration/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals, orchestrationImports] }],
    },
  },
  {
    files: ['src/server/{history,store,matching,timers,visibility,proto,errors}/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals, serverCoreImports] }] },
  },
  {
    files: ['src/config/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals, configImports] }] },
  },
  {
    files: ['test/support/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [sdkInternals, testSupportImports] }] },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
