// Relayed (libp2p circuit relay v2) addresses, `<relay addr>/p2p/RELAY/p2p-circuit[/p2p/PEER]`:
// which relay and which destination they name, so the node can check both against its rosters.
import type { Multiaddr } from '@multiformats/multiaddr'

export interface CircuitParts {
  relay: string
  /** The peer reached through the relay; absent on a listen address. */
  destination?: string
}

/** The relay and destination a circuit address names; undefined if it is not one (or malformed). */
export function circuitParts (addr: Multiaddr): CircuitParts | undefined {
  const components = addr.getComponents()
  const at = components.findIndex(c => c.name === 'p2p-circuit')
  if (at < 0) return undefined
  const relay = components.slice(0, at).findLast(c => c.name === 'p2p')?.value
  if (relay === undefined) return undefined
  const after = components.slice(at + 1)
  if (after.some(c => c.name === 'p2p-circuit')) return undefined
  const destination = after.find(c => c.name === 'p2p')?.value
  return destination === undefined ? { relay } : { relay, destination }
}

export function isCircuitAddr (addr: Multiaddr): boolean {
  return addr.getComponents().some(c => c.name === 'p2p-circuit')
}
