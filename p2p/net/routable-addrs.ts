// Which of the node's addresses to hand to others (invites, whoami, identify): a loopback
// address is useless to any other machine and 0.0.0.0 to anyone, so both are dropped, unless
// the node listens on loopback only (tests, a single-machine setup), where loopback is all it has.
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { isCircuitAddr } from './circuit-addr.js'

function hostOf (addr: Multiaddr): string | undefined {
  const ip = addr.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6')
  return ip?.value
}

export function isLoopbackHost (host: string): boolean {
  return host.startsWith('127.') || host === '::1'
}

function isUnspecifiedHost (host: string): boolean {
  return host === '0.0.0.0' || host === '::'
}

/** The addresses worth advertising, in their original order. */
export function routableAddrs<A extends Multiaddr> (addrs: A[]): A[] {
  const specified = addrs.filter(a => { const host = hostOf(a); return host === undefined || !isUnspecifiedHost(host) })
  const external = specified.filter(a => { const host = hostOf(a); return host === undefined || !isLoopbackHost(host) })
  return external.length > 0 ? external : specified
}

/**
 * The address filter of a node that may announce fixed addresses (a port forward, a proxy):
 * those replace its own listen addresses, but relay circuit addresses are kept, so a member
 * behind a port forward is still reachable through its relays. `self` is appended as libp2p
 * appends it to every address it hands out.
 */
export function advertisedAddrs (announce: readonly string[], self: string): (addrs: Multiaddr[]) => Multiaddr[] {
  if (announce.length === 0) return routableAddrs
  const fixed = announce.map(a => multiaddr(a)).map(a => a.getComponents().at(-1)?.name === 'p2p' ? a : a.encapsulate(`/p2p/${self}`))
  return (addrs) => [...fixed, ...addrs.filter(isCircuitAddr)]
}
