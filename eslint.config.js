import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Module boundaries, enforced here rather than in prose (architecture.md):
// - a module reaches another module only through its index.ts;
// - contracts import only typebox and kernel contract/actor types, so the browser never pulls server code;
// - the kernel imports no module; web/ imports only contracts from server/.
const crossModule = {
  regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.ts$).+',
  message: 'Reach another module only through its index.ts.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'server/db/migrations/', '.tmp/', 'test-results/', 'playwright-report/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify route handlers are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['server/modules/**/*.ts'],
    ignores: ['server/modules/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossModule] }] },
  },
  {
    files: ['server/kernel/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)modules/', message: 'The kernel imports no module.' }] }] },
  },
  {
    files: ['server/**/*.contract.ts', 'server/kernel/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!typebox$|\\./[^/]+\\.contract\\.ts$|\\.\\./\\.\\./kernel/(contract|actor)\\.ts$|\\.\\./[^/]+/[^/]+\\.contract\\.ts$)',
              message: 'Contracts import only typebox, kernel contract/actor types and other contracts (the browser imports them).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'server/(?!.*\\.contract\\.ts$|kernel/(actor|contract)\\.ts$)',
              message: 'The web imports only contracts from server/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON bodies (res.json()) all the time; type-safety rules there only add noise.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts', 'server/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
