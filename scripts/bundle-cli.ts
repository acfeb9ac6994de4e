// Bundles the command line (bin/lifeboat) into dist/bundle/: the CLI in one ES module, and the
// daemon and browser mode in chunks it loads when asked for. Loading the ~900 modules of the
// compiled tree one by one took Node's ESM loader most of a daemon's start (about 1 s of an empty
// daemon's 1.2 s on 2 cores); the bundle loads in about 0.4 s. classic-level stays outside (a
// native addon). The stamp ties the bundle to the compiled tree and the modules it was made from:
// bin/lifeboat takes the bundle only while dist/.tsbuildinfo and node_modules/.package-lock.json
// are unchanged since, so a `tsc` or `npm install` without a new bundle never runs stale code.
// Run by `npm run build`, after tsc.
import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'dist', 'bundle')
const builtFrom = statSync(join(root, 'dist', '.tsbuildinfo')).mtimeMs
// npm rewrites this file at every install: a bundle of older dependencies is not taken either.
const modules = statSync(join(root, 'node_modules', '.package-lock.json')).mtimeMs

await build({
  input: { cli: join(root, 'dist', 'p2p', 'host', 'cli', 'cli.js') },
  platform: 'node',
  external: ['classic-level'],
  logLevel: 'warn',
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', keepNames: true, cleanDir: true }
})
writeFileSync(join(outDir, 'stamp.json'), JSON.stringify({ builtFrom, modules }) + '\n')
