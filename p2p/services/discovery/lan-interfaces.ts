// The network interfaces mDNS speaks on: every non-loopback one with an IPv4 address. Multicast
// needs an interface to leave by; without one named, the kernel looks up a route to 224.0.0.251,
// and a LAN without a default route (static addresses on a plain switch) has none (ENETUNREACH).
// Pure: takes what os.networkInterfaces() returns.
import type { NetworkInterfaceInfo } from 'node:os'

export interface LanInterface { name: string, address: string, netmask: string }

/** One entry per interface (its first IPv4 address: multicast membership is per interface). */
export function lanInterfaces (all: NodeJS.Dict<NetworkInterfaceInfo[]>): LanInterface[] {
  const found: LanInterface[] = []
  for (const [name, infos] of Object.entries(all)) {
    const v4 = (infos ?? []).find(i => i.family === 'IPv4' && !i.internal)
    if (v4 !== undefined) found.push({ name, address: v4.address, netmask: v4.netmask })
  }
  return found.sort((a, b) => a.name.localeCompare(b.name))
}

function toNumber (ipv4: string): number | undefined {
  const parts = ipv4.split('.').map(Number)
  if (parts.length !== 4 || parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)) return undefined
  return parts.reduce((n, p) => (n * 256) + p, 0)
}

function sameSubnet (a: string, b: string, netmask: string): boolean {
  const [x, y, mask] = [toNumber(a), toNumber(b), toNumber(netmask)]
  if (x === undefined || y === undefined || mask === undefined) return false
  return ((x & mask) >>> 0) === ((y & mask) >>> 0)
}

/**
 * Which interface answers a packet from `sender`: the one on the sender's subnet, else the first.
 * Every socket on port 5353 receives what arrives on any interface, so exactly one must handle it.
 */
export function interfaceFor (sender: string, interfaces: LanInterface[]): LanInterface | undefined {
  return interfaces.find(i => sameSubnet(sender, i.address, i.netmask)) ?? interfaces[0]
}

/** A comparable key of the set, to notice a change. */
export function interfacesKey (interfaces: LanInterface[]): string {
  return interfaces.map(i => `${i.name} ${i.address}/${i.netmask}`).join(',')
}
