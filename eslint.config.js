// ESLint (flat config): the recommended JavaScript and TypeScript rules, plus the layer rule that
// keeps the architecture honest (README "Where a sample goes"):
//   src/       the host core: never imports electron/ (the shell) or renderer/ (the UI), nor Electron
//   renderer/  the UI: reaches the host only through the one contract, src/host/contract.ts (and
//              src/host/live-frame-codec.ts, the binary wire form of the contract's live frames)
// `npm run lint`; a stage of `npm test` (scripts/test.mjs) and of every landing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ELECTRON = { regex: '(^|/)electron(/|$)', message: 'src/ is the host core: it never imports the Electron shell (electron/) or Electron.' };
const RENDERER = { regex: '(^|/)renderer(/|$)', message: 'src/ is the host core: it never imports the renderer.' };

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'release/**', 'firmware-protocol/firmware/**', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` says "deliberately unused" (a destructured field left out, a listener's unused argument)
      // EDF+ TALs and file-name checks are about control characters (\x14, \x15, \x00): they are the format
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // CommonJS configuration files (the packaging configuration) load with require
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // functions handed to page.evaluate run in the browser
    files: ['scripts/docs-screenshots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [ELECTRON, RENDERER] }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // the contract, and the binary wire form of its live frames (decoded in the page)
            { regex: '(^|/)src/(?!host/(contract|live-frame-codec)$)', message: 'The renderer reaches the host only through src/host/contract.ts (the one typed contract) and its live-frame wire form (live-frame-codec.ts).' },
            { regex: '(^|/)electron(/|$)', message: 'The renderer never imports the Electron shell: it gets the host through the contract.' },
          ],
        },
      ],
    },
  },
);
