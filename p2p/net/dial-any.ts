// Dials one peer at every address it is known at, all at once, each with its own short timeout.
// libp2p tries a peer's addresses one after another (6 s each), so a link that names a silent
// LAN address first would keep a joiner waiting long before the address that works, or before
// it may say "cannot be reached". Direct addresses are dialled without the peer id (libp2p merges
// dials to one peer into one sequential job), and a connection to anyone else is closed.
import type { Connection, PeerId } from '@libp2p/interface'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { errorMessage } from '../errors.js'
import type { LifeboatLibp2p } from './service.js'

export interface DialFailure { addr: string, reason: string }

export class DialAnyError extends Error {
  constructor (readonly failures: DialFailure[]) {
    super(failures.length === 0 ? 'no address to dial' : failures.map(f => `${f.addr}: ${f.reason}`).join('; '))
    this.name = 'DialAnyError'
  }
}

/** `addr` to dial on its own: a direct address without its trailing /p2p (a relayed one keeps it). */
function dialTarget (addr: string): Multiaddr {
  return multiaddr(addr.includes('/p2p-circuit') ? addr : addr.replace(/\/p2p\/[^/]+$/, ''))
}

/**
 * A connection to `peer`: an open one, or the first of the dials to `addrs` (each given up after
 * `perAddressMs`) that reaches it. Throws DialAnyError with every address's reason otherwise.
 */
export async function dialAny (libp2p: LifeboatLibp2p, peer: PeerId, addrs: string[], perAddressMs: number, signal?: AbortSignal): Promise<Connection> {
  const open = libp2p.getConnections(peer).find(c => c.status === 'open')
  if (open !== undefined) return open
  const won = new AbortController()
  const failures: DialFailure[] = []
  const attempts = addrs.map(async (addr) => {
    try {
      const connection = await libp2p.dial(dialTarget(addr), { signal: AbortSignal.any([won.signal, AbortSignal.timeout(perAddressMs), ...(signal === undefined ? [] : [signal])]) })
      if (!connection.remotePeer.equals(peer)) {
        await connection.close().catch(() => undefined)
        throw new Error('another device answers at this address')
      }
      return connection
    } catch (err) {
      failures.push({ addr, reason: won.signal.aborted ? 'not needed' : reasonOf(err) })
      throw err
    }
  })
  try {
    const connection = await Promise.any(attempts)
    won.abort()
    return connection
  } catch {
    throw new DialAnyError(failures)
  }
}

/** A short reason for one failed dial: the socket error code when there is one ("ECONNREFUSED"). */
function reasonOf (err: unknown): string {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code
  const name = (err as { name?: unknown }).name
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer'
  return errorMessage(err).slice(0, 120)
}
