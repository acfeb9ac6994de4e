// ESLint rule `lifeboat/p2p-layers`: the folders of p2p/ form layers, and a module may import
// only from its own layer or a lower one (docs/ARCHITECTURE.md, "Layers"). Only relative imports
// are checked: packages and Node built-ins are not p2p folders. A folder not listed here is an
// error too, so a new folder must be given its place on purpose.
import { dirname, relative, resolve, sep } from 'node:path'

/** Low to high; names in one inner list are one layer and may import each other. */
export const P2P_LAYERS = [
  ['codec', 'errors.ts', 'polyfill.ts', 'version.ts', 'package-root.ts'],
  ['crypto'],
  ['identity', 'log', 'storage'],
  ['membership'],
  ['api'],
  ['workspace', 'chat', 'files', 'bulletin', 'team', 'search', 'record', 'clocks', 'call'],
  ['incident'],
  ['net'],
  ['services'],
  ['node'],
  ['host', 'index.ts']
]

const rankOf = new Map(P2P_LAYERS.flatMap((names, rank) => names.map(name => [name, rank])))

/** The first path segment under p2p/ ('crypto', 'errors.ts', …), or undefined outside p2p/. */
function topOf (file, p2pRoot) {
  const rel = relative(p2pRoot, file)
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return undefined
  return rel.split(sep)[0]
}

/** Maps the compiled name the sources import ('x.js') back to the source file ('x.ts'). */
const sourceName = (name) => name.replace(/\.js$/, '.ts')

export const p2pLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'p2p/ folders import only from their own layer or a lower one' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward: '{{from}} (layer {{fromRank}}) may not import {{to}} (layer {{toRank}}): p2p/ layers import only downwards (docs/ARCHITECTURE.md)',
      unplaced: '{{name}} is not in a p2p/ layer: add it to P2P_LAYERS in scripts/lint/p2p-layers.js'
    }
  },
  create (context) {
    const root = resolve(context.cwd, context.options[0]?.root ?? 'p2p')
    const file = context.filename
    const from = topOf(file, root)
    if (from === undefined) return {}
    const fromRank = rankOf.get(sourceName(from))
    if (fromRank === undefined) return { Program: (node) => context.report({ node, messageId: 'unplaced', data: { name: from } }) }
    const check = (node) => {
      const spec = node.source?.value
      if (typeof spec !== 'string' || !spec.startsWith('.')) return
      const to = topOf(resolve(dirname(file), spec), root)
      if (to === undefined || to === from) return
      const toRank = rankOf.get(sourceName(to))
      if (toRank === undefined) return context.report({ node, messageId: 'unplaced', data: { name: sourceName(to) } })
      if (toRank > fromRank) context.report({ node, messageId: 'upward', data: { from, fromRank, to: sourceName(to), toRank } })
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check }
  }
}

export default { rules: { 'p2p-layers': p2pLayers } }
