// ESLint flat config: typescript-eslint, lit, wc and lit-a11y, zero warnings (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

// Browser and DOM globals that src/core must not touch: core is pure and runs anywhere.
const DOM_GLOBALS = Object.keys(globals.browser).filter((name) => !(name in globals.es2021));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-site/**', 'coverage/**', 'node_modules/**', '.data/**', 'demo/**/dist/**', 'custom-elements.json',
    // Generated from the manifest by npm run analyze (checked current by npm test).
    'integrations/**', '.scratch/**', '.test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Elements are registered only in define.ts (STYLE.md habit 10).
      'wc/no-constructor-attributes': 'error',
      'wc/guard-super-call': 'off',
      // Never render data as HTML.
      'lit/no-template-bind': 'error',
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Never render data as HTML: use Lit templates or textContent.' },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'Never render data as HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Never render data as HTML.' },
        { selector: "CallExpression[callee.name='unsafeHTML']", message: 'Never render data as HTML.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-element'], message: 'src/core is pure: no lit.' },
          { group: ['idb', '**/storage/**', '**/components/**', '**/internal/**'], message: 'src/core never imports storage, components or internals.' },
        ],
      }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'src/core has no DOM: pass values in.' }))],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.{ts,mjs}', 'bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'server/**/*.ts', 'demo/**/*.{ts,js,mjs}', '*.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
