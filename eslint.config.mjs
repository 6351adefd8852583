import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'var/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Apps import libraries, libraries never import apps, and the event model
      // imports nothing of ours, so other teams can take it alone.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:model', 'type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:model', 'type:lib'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:model', 'type:lib', 'type:tool'],
            },
            // The talaria command and the benchmarks start the apps themselves.
            {
              sourceTag: 'type:launcher',
              onlyDependOnLibsWithTags: ['type:model', 'type:lib', 'type:tool', 'type:app'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'Focused tests skip the rest of the suite.' },
        {
          object: 'describe',
          property: 'only',
          message: 'Focused tests skip the rest of the suite.',
        },
        { object: 'test', property: 'only', message: 'Focused tests skip the rest of the suite.' },
        { object: 'it', property: 'skip', message: 'Skipped tests hide failures.' },
        { object: 'describe', property: 'skip', message: 'Skipped tests hide failures.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
