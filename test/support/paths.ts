// Where the repository is, wherever the compiled tests run from (dist/test/unit/...).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Walks up from this file to the folder that holds package.json. */
export function repoRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

export function fixturePath (name: string): string {
  return join(repoRoot(), 'test', 'fixtures', name)
}

/** A golden fixture written once by scripts/make-fixtures.ts; tests only read them. */
export function readFixture<T> (name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T
}
