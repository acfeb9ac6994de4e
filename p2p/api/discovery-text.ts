// Whether this device can find members on the LAN, in one sentence a responder understands; the
// CLI's human output and the UI's Connection view say the same thing. Pure.
import type { DiscoveryStatus } from './types.js'

const FALLBACK = 'members are still reached at their saved addresses, through invites and by connecting to an address'

export function discoveryText (d: DiscoveryStatus): string {
  if (d.mdns === 'off') return `LAN discovery (mDNS) is off on this device: ${FALLBACK}.`
  if (d.mdns === 'failing') return `LAN discovery cannot send on this network: ${d.error ?? 'unknown error'}. Until it can, ${FALLBACK}.`
  const on = d.interfaces.filter(i => i.error === undefined).map(i => `${i.name} ${i.address}`)
  const failing = d.interfaces.filter(i => i.error !== undefined).map(i => `${i.name}: ${i.error ?? ''}`)
  return `LAN discovery (mDNS) is on (${on.join(', ')})${failing.length > 0 ? `; it cannot send on ${failing.join('; ')}` : ''}.`
}
