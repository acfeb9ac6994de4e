// Whether dist/bundle/ was made from the compiled tree and the installed modules as they are now
// (scripts/bundle-cli.ts writes the stamp). bin/lifeboat takes the bundle only then; the bench
// warns when it is not, as its daemons would then start from the compiled tree, slower.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** `root`: the folder holding dist/ and node_modules/. */
export function bundleIsCurrent (root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist', 'bundle', 'stamp.json'), 'utf8'))
    // Within 2 ms: a copy that keeps timestamps (the bench's) may round them to the millisecond.
    const same = (then, path) => Math.abs(then - statSync(join(root, path)).mtimeMs) < 2
    return same(stamp.builtFrom, join('dist', '.tsbuildinfo')) && same(stamp.modules, join('node_modules', '.package-lock.json'))
  } catch {
    return false
  }
}
