// The checks every call signal passes before this node believes it (issue 18), in the order of
// their cost: the signature, that its author is a current member (not a relay) and is the peer
// that sent it (signals go straight from node to node, never forwarded), the epoch, freshness,
// a replay of the same signal, the author's rate, and then the content. Anything that fails is
// dropped and counted (`call:<reason>`), never answered.
import { toHex } from '../../codec/bytes.js'
import { CALL_MAX_SKEW_MS, decodeCallSignal, openCallSignal, type CallMessage } from '../../call/call-signal.js'
import type { Incident } from '../../incident/incident.js'
import type { IncidentRegistry } from '../../incident/registry.js'
import { RateLimiter } from '../../net/rate-limit.js'

/** Signals per author: a burst of 40, then 20 a second (a join is a hello and an offer or answer per participant). */
const BURST = 40
const PER_MS = 20 / 1000

export interface CheckedSignal { incident: Incident, author: string, peerId: string, message: CallMessage }

export class CallDrop extends Error {
  constructor (readonly reason: string) { super(reason); this.name = 'CallDrop' }
}

export class CallInbound {
  private readonly limiter = new RateLimiter(BURST, PER_MS)
  /** Nonces of signals taken in the last CALL_MAX_SKEW_MS (each signal's nonce is random and signed). */
  private seen = new Map<string, number>()

  constructor (private readonly incidents: IncidentRegistry) {}

  /** Throws CallDrop (or a wire error) for anything not to be believed. */
  check (wire: Uint8Array, sender: string, now = Date.now()): CheckedSignal {
    const body = decodeCallSignal(wire)
    const incident = this.incidents.get(toHex(body.i))
    if (incident === undefined) throw new CallDrop('unknown-incident')
    const author = toHex(body.a)
    const member = incident.state.members.get(author)
    if (member === undefined || member.role === 'relay') throw new CallDrop('non-member')
    if (member.peerId !== sender) throw new CallDrop('not-from-its-author')
    const key = incident.epochKey(body.e)
    if (key === undefined) throw new CallDrop('unknown-epoch')
    if (Math.abs(now - body.t) > CALL_MAX_SKEW_MS) throw new CallDrop('stale')
    const nonce = toHex(body.n)
    if (this.seen.has(nonce)) throw new CallDrop('replay')
    if (!this.limiter.take(author, 1, now)) throw new CallDrop('rate')
    this.remember(nonce, now)
    return { incident, author, peerId: member.peerId, message: openCallSignal(body, key) }
  }

  private remember (nonce: string, now: number): void {
    this.seen.set(nonce, now)
    if (this.seen.size < 1000) return
    // Older signals fail the freshness check anyway: only the last two minutes need remembering.
    this.seen = new Map([...this.seen].filter(([, at]) => now - at <= 2 * CALL_MAX_SKEW_MS))
  }
}
