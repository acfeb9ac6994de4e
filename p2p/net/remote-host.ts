// The host a connection comes from, as the key for per-address limits: fresh peer ids cost an
// attacker nothing, addresses do. IPv6 hosts are keyed by their /64, which one machine usually
// holds whole (it can pick a new address in it for every connection).
import type { Multiaddr } from '@multiformats/multiaddr'

/** `ip` (IPv6, possibly with '::' and a trailing IPv4) as its /64 prefix, or its IPv4 if mapped. */
function ipv6Key (ip: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (dotted?.[1] !== undefined) return dotted[1]
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip)
  if (hex?.[1] !== undefined && hex[2] !== undefined) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)]
    return [high >> 8, high & 255, low >> 8, low & 255].join('.')
  }
  const [head = '', tail] = ip.split('::')
  const groups = (part: string | undefined): string[] => part === undefined || part === '' ? [] : part.split(':')
  const front = groups(head)
  const all = tail === undefined ? front : [...front, ...new Array<string>(Math.max(0, 8 - front.length - groups(tail).length)).fill('0'), ...groups(tail)]
  return `${all.slice(0, 4).map(g => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`
}

/** The address's IP (IPv6: its /64) or DNS name; the whole address when it has none. */
export function remoteHost (addr: Multiaddr): string {
  const host = addr.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6' || c.name.startsWith('dns'))
  if (host?.value === undefined) return addr.toString()
  return host.name === 'ip6' ? ipv6Key(host.value) : host.value
}
