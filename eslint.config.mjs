// Flat config: typescript-eslint recommended rules for every TypeScript file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.nx/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Services meet only through libs/contracts: a service never imports another service.
      'no-restricted-imports': ['error', { patterns: ['**/services/*/**', '../../services/**'] }],
    },
  },
);
