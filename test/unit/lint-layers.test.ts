// The p2p/ layering lint rule (scripts/lint/p2p-layers.js) rejects an upward import, accepts a
// downward one, and refuses a folder that has no layer yet. Runs ESLint with the repo's config.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { repoRoot } from '../support/paths.js'

async function layerErrors (file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot() })
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot(), file) })
  return (result?.messages ?? []).filter(m => m.ruleId === 'lifeboat/p2p-layers').map(m => m.message)
}

describe('lint: p2p layers', () => {
  test('an upward import is rejected', async () => {
    const errors = await layerErrors('p2p/crypto/upward.ts', "import { Store } from '../storage/store.js'\nexport type S = Store\n")
    assert.equal(errors.length, 1)
    assert.match(errors[0] as string, /crypto \(layer 1\) may not import storage \(layer 2\)/)
  })

  test('a re-export and a dynamic import upwards are rejected too', async () => {
    const errors = await layerErrors('p2p/log/upward.ts', "export { Incident } from '../incident/incident.js'\nexport const n = async () => await import('../node/create.js')\n")
    assert.equal(errors.length, 2)
  })

  test('imports from the same or a lower layer pass', async () => {
    const code = "import { sha256 } from '../crypto/hash.js'\nimport { toHex } from '../codec/bytes.js'\nimport { LifeboatError } from '../errors.js'\nexport const f = (b: Uint8Array): string => toHex(sha256(b)) + String(LifeboatError)\n"
    assert.deepEqual(await layerErrors('p2p/storage/ok.ts', code), [])
  })

  test('a folder without a layer is refused', async () => {
    const errors = await layerErrors('p2p/newthing/x.ts', "import { toHex } from '../codec/bytes.js'\nexport const f = toHex\n")
    assert.match(errors[0] as string, /newthing is not in a p2p\/ layer/)
  })
})
