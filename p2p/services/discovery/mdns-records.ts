// The mDNS records of libp2p's LAN discovery (github.com/libp2p/specs, discovery/mdns.md), in the
// exact shape @libp2p/mdns uses, so nodes of every Lifeboat version find each other: a PTR query
// for the service tag; an answer with a PTR to "PEERNAME.TAG" and one TXT "dnsaddr=ADDR/p2p/ID"
// per private address. Pure: what arrives from the LAN is untrusted, so parsing is bounded.
import type { Answer, Packet, Question, StringAnswer } from 'dns-packet'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import { isPrivate } from '@libp2p/utils'
import { CODE_P2P, multiaddr, type Multiaddr } from '@multiformats/multiaddr'

const TTL_S = 120
/** A TXT string holds at most 255 bytes (RFC 6763 §6.1). */
const MAX_TXT = 255
/** More than any laptop has; a flood of records from one sender is cut here. */
const MAX_ADDRS = 16

export interface FoundPeer { id: PeerId, multiaddrs: Multiaddr[] }

export function queryFor (serviceTag: string): Question[] {
  return [{ name: serviceTag, type: 'PTR' }]
}

export function isQueryFor (packet: Packet, serviceTag: string): boolean {
  return packet.questions?.[0]?.name === serviceTag
}

/** The answers that tell the LAN where this node listens (its private addresses, with /p2p/ID). */
export function answersFor (peerName: string, serviceTag: string, addrs: Multiaddr[]): Answer[] {
  const instance = `${peerName}.${serviceTag}`
  const txt = addrs
    .filter(a => isPrivate(a) && a.getComponents().some(c => c.code === CODE_P2P))
    .map(a => `dnsaddr=${a.toString()}`)
    .filter(data => data.length <= MAX_TXT)
    .slice(0, MAX_ADDRS)
  if (txt.length === 0) return []
  return [
    { name: serviceTag, type: 'PTR', class: 'IN', ttl: TTL_S, data: instance },
    ...txt.map((data): Answer => ({ name: instance, type: 'TXT', class: 'IN', ttl: TTL_S, data }))
  ]
}

function txtStrings (answer: Answer): string[] {
  if (answer.type !== 'TXT') return []
  const data = answer.data
  return (Array.isArray(data) ? data : [data]).map(d => typeof d === 'string' ? d : new TextDecoder().decode(d))
}

/** The peer a response announces, or undefined (not ours, our own, or malformed). */
export function peerFromResponse (packet: Packet, localPeerName: string, serviceTag: string): FoundPeer | undefined {
  const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])]
  const ptr = records.find((r): r is StringAnswer => r.type === 'PTR' && r.name === serviceTag)
  if (ptr === undefined || typeof ptr.data !== 'string' || ptr.data.startsWith(localPeerName)) return undefined
  let id: PeerId | undefined
  const addrs: Multiaddr[] = []
  for (const text of records.flatMap(txtStrings)) {
    if (!text.startsWith('dnsaddr=') || addrs.length >= MAX_ADDRS) continue
    try {
      const addr = multiaddr(text.slice('dnsaddr='.length))
      const peer = addr.getComponents().findLast(c => c.code === CODE_P2P)?.value
      if (peer === undefined) continue
      id ??= peerIdFromString(peer)
      if (peer === id.toString()) addrs.push(addr.decapsulateCode(CODE_P2P))
    } catch { /* one malformed record: skip it */ }
  }
  return id === undefined || addrs.length === 0 ? undefined : { id, multiaddrs: addrs }
}
