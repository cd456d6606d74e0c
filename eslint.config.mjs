import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '*.config.js', '*.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Tests poke at configuration objects freely.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bot/**/*.ts', 'cards/**/*.ts', 'storage/**/*.ts', 'adapters/console/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['botbuilder*', 'botframework-*'], message: 'botbuilder lives only in adapters/teams' },
        { group: ['@slack/*'], message: '@slack/* lives only in adapters/slack' },
      ] }],
    },
  },
  {
    files: ['adapters/teams/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@slack/*'], message: '@slack/* lives only in adapters/slack' }] }] },
  },
  {
    // The build and start scripts are plain CommonJS run by Node before anything is compiled.
    files: ['scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['adapters/slack/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['botbuilder*', 'botframework-*'], message: 'botbuilder lives only in adapters/teams' }] }] },
  },
);
