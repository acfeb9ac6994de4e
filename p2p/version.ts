// The app's version, from its package.json: what a device tells its team when it answers a
// drill, and what `lifeboat --version` prints.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from './package-root.js'

function readVersion (): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export const APP_VERSION = readVersion()
