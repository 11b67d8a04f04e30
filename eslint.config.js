// The project lints itself, with its own plugin (built into dist/ by `npm run build`).
import tseslint from 'typescript-eslint';
import cencori from './dist/index.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  cencori.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
);
