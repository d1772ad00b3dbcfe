// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.js', '*.mjs', 'scripts/**/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: no framework, no I/O, no infrastructure (conventions.md, "Purity is enforced").
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'libs/domain is pure: no Nest.' },
            { group: ['@eventstore/*'], message: 'libs/domain is pure: no event store client.' },
            { group: ['@app/*'], message: 'libs/domain imports nothing outside itself.' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'http', 'https', 'net', 'child_process'], message: 'libs/domain does no I/O.' },
          ],
          paths: ['bullmq', 'ioredis', 'better-sqlite3', 'class-validator', 'class-transformer', 'pino'].map((name) => ({
            name,
            message: 'libs/domain is pure: infrastructure lives behind a port in its own lib.',
          })),
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time comes in as an argument.' }, { object: 'Math', property: 'random', message: 'Randomness comes in as an argument.' }],
    },
  },
);
