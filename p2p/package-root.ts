// The folder holding Lifeboat's package.json, found upward from this module: the same answer from
// the compiled tree (dist/p2p/), the CLI bundle (dist/bundle/) and the packaged app.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function packageRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Lifeboat\'s package.json was not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
  return dir
}
