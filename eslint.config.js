// Lint, including the layering rules of DESIGN.md §8: p2p/ never imports electron, and the
// renderer never imports Node built-ins or the node library's internals.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map(m => `node:${m}`)]

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['p2p/**/*.ts', 'bin/**', 'scripts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'p2p/ is a plain Node library and never imports electron' }] }] }
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins.map(name => ({ name, message: 'the renderer has no Node access' })), { name: 'electron', message: 'the renderer reaches the node only through renderer/api.ts' }],
        patterns: [{ group: ['**/p2p/*', '!**/p2p/api', '**/p2p/!(api)/**'], message: 'the renderer may import only p2p/api (types)' }]
      }]
    }
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } }
  }
)
