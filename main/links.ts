// `lifeboat://` links and the command line. The OS hands a clicked link to the app as an
// argument (Windows, Linux: in the second instance's argv) or as an 'open-url' event (macOS).
// A link is only ever passed to the page's join screen, where the person decides: opening a
// link never joins anything by itself. Pure, unit-tested in test/unit/main/links.test.ts.
import { INVITE_PREFIX } from '../p2p/membership/invite-link.js'

export const PROTOCOL_SCHEME = 'lifeboat'
const MAX_LINK_LENGTH = 4096 // the join method's own limit

/** A well-formed `lifeboat://join/<base64url>` link (a trailing slash some OSes add is dropped), or null. */
export function joinLinkFrom (value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH + 1) return null
  const link = value.endsWith('/') ? value.slice(0, -1) : value
  if (link.slice(0, INVITE_PREFIX.length).toLowerCase() !== INVITE_PREFIX) return null
  const payload = link.slice(INVITE_PREFIX.length)
  if (payload.length === 0 || payload.length > MAX_LINK_LENGTH - INVITE_PREFIX.length || !/^[A-Za-z0-9_-]+$/.test(payload)) return null
  return INVITE_PREFIX + payload
}

/** The last join link among command-line arguments (how a second instance receives one). */
export function joinLinkFromArgv (argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const link = joinLinkFrom(argv[i])
    if (link !== null) return link
  }
  return null
}

/** `--data DIR` or `--data=DIR`: a data folder other than the default (for development and tests). */
export function dataDirFromArgv (argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--data') {
      const next = argv[i + 1]
      return next !== undefined && next.length > 0 && !next.startsWith('-') ? next : undefined
    }
    if (arg !== undefined && arg.startsWith('--data=') && arg.length > '--data='.length) return arg.slice('--data='.length)
  }
  return undefined
}
