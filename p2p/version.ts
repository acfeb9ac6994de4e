// The app's version, from its package.json (two folders above dist/p2p at run time): what a
// device tells its team when it answers a drill, and what `lifeboat --version` prints.
import { readFileSync } from 'node:fs'

function readVersion (): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export const APP_VERSION = readVersion()
