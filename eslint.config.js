// Lint, mostly to hold the rings apart (DESIGN.md §2): the pure rings import zod and themselves only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['node:*', 'fs', 'path', 'http', 'net', 'crypto', 'os', 'child_process', 'express', 'socket.io', 'socket.io-client', '@socket.io/*', 'ioredis', 'winston', 'jose', 'yaml'];

const pureRestrictions = {
  'no-restricted-imports': ['error', {
    patterns: [
      { group: ioModules, message: 'The pure rings (shared/, room machine) import no I/O.' },
      { group: ['**/server/**', '../../server/*'], message: 'shared/ never imports server/.' },
    ],
  }],
  'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'crypto', 'performance'],
  'no-restricted-properties': ['error',
    { object: 'Date', property: 'now', message: 'Time is an input: take it from the command context.' },
    { object: 'Math', property: 'random', message: 'Randomness is an input: use the seeded PRNG in state.' },
  ],
  'no-restricted-syntax': ['error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time is an input.' },
    { selector: 'TSEnumDeclaration', message: 'No TypeScript enum: use a union of literals.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'No TypeScript enum: use a union of literals.' }],
    },
  },
  { files: ['shared/**/*.ts', 'server/room/machine/**/*.ts'], rules: pureRestrictions },
  { files: ['**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
