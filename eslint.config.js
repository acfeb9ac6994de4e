// Lint, including the layering rules of docs/ARCHITECTURE.md: p2p/ never imports electron, its
// folders import only downwards (scripts/lint/p2p-layers.js), and the renderer never imports
// Node built-ins or the node library's internals.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'
import reactHooks from 'eslint-plugin-react-hooks'
import lifeboat from './scripts/lint/p2p-layers.js'

const nodeBuiltins = [...builtinModules, ...builtinModules.map(m => `node:${m}`)]

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['p2p/**/*.ts'],
    plugins: { lifeboat },
    rules: { 'lifeboat/p2p-layers': 'error' }
  },
  {
    files: ['p2p/**/*.ts', 'bin/**', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'p2p/ is a plain Node library and never imports electron' }],
        patterns: [{ group: ['**/main/*'], message: 'the Electron shell (main/) depends on p2p/, never the reverse' }]
      }]
    }
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins.map(name => ({ name, message: 'the renderer has no Node access' })), { name: 'electron', message: 'the renderer reaches the node only through renderer/api.ts' }],
        patterns: [{ group: ['**/p2p/*', '!**/p2p/api', '**/p2p/!(api)/**'], message: 'the renderer may import only p2p/api (types)' }]
      }]
    }
  },
  {
    // The sandboxed preload can require nothing but 'electron' at run time (types are erased),
    // and, being CommonJS, imports it with `import x = require()`.
    files: ['main/preload.cts'],
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(?!electron$)', allowTypeImports: true, message: 'a sandboxed preload can require only electron' }] }]
    }
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } }
  }
)
