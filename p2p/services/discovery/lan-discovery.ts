// Lifeboat's mDNS peer discovery, in libp2p's peerDiscovery shape, speaking the records of
// @libp2p/mdns (mdns-records.ts). The difference: one socket per network interface, each sending
// out of its own interface (interface-socket.ts), so discovery works on a LAN without a default
// route, where @libp2p/mdns's single unbound socket failed every send with ENETUNREACH and said
// nothing. It follows interface changes (a new address, a cable moved) and asks again at once,
// and `status()` tells `whoami` whether it can send at all.
import { peerDiscoverySymbol, serviceCapabilities, TypedEventEmitter, type PeerDiscovery, type PeerDiscoveryEvents, type Startable } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Packet } from 'dns-packet'
import { randomBytes } from 'node:crypto'
import type { RemoteInfo } from 'node:dgram'
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import type { DiscoveryStatus } from '../../api/types.js'
import { InterfaceSocket, MDNS_PORT } from './interface-socket.js'
import { interfaceFor, interfacesKey, lanInterfaces, type LanInterface } from './lan-interfaces.js'
import { answersFor, isQueryFor, peerFromResponse, queryFor } from './mdns-records.js'

export interface LanDiscoveryOptions {
  serviceTag: string
  /** How often the LAN is asked who is there (ms); @libp2p/mdns's default. */
  queryIntervalMs?: number
  /** How often the machine's interfaces are compared with the last look (ms). */
  interfacePollMs?: number
  port?: number
  readInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>
}

/** What libp2p hands a peer discovery that this one uses. */
export interface LanDiscoveryComponents { addressManager: { getAddresses: () => Multiaddr[] } }

export const MDNS_OFF: DiscoveryStatus = { mdns: 'off', interfaces: [] }
export const NO_INTERFACE = 'no network interface with an IPv4 address (not connected to any network)'

export class LanDiscovery extends TypedEventEmitter<PeerDiscoveryEvents> implements PeerDiscovery, Startable {
  readonly [peerDiscoverySymbol] = this
  readonly [Symbol.toStringTag] = 'lifeboat:lan-discovery'
  readonly [serviceCapabilities] = ['@libp2p/peer-discovery']
  /** Names this node in its answers, so it ignores its own (as @libp2p/mdns does). */
  private readonly peerName = randomBytes(16).toString('hex')
  private components: LanDiscoveryComponents | undefined
  private interfaces: LanInterface[] = []
  private sockets: InterfaceSocket[] = []
  private timers: NodeJS.Timeout[] = []
  private changing = false

  constructor (private readonly options: LanDiscoveryOptions) {
    super()
  }

  /** For libp2p's `peerDiscovery` list: keeps the components and hands this instance over. */
  readonly factory = (components: LanDiscoveryComponents): LanDiscovery => {
    this.components = components
    return this
  }

  start (): void {
    this.open(this.readInterfaces())
    const every = (ms: number, fn: () => void): void => { const t = setInterval(fn, ms); t.unref(); this.timers.push(t) }
    every(this.options.queryIntervalMs ?? 10_000, () => this.queryAll())
    every(this.options.interfacePollMs ?? 3_000, () => {
      const now = this.readInterfaces()
      if (this.changing || interfacesKey(now) === interfacesKey(this.interfaces)) return
      this.changing = true
      void this.reopen(now).finally(() => { this.changing = false })
    })
  }

  async stop (): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t)
    await this.closeAll()
  }

  status (): DiscoveryStatus {
    const interfaces = this.sockets.map(s => ({ name: s.iface.name, address: s.iface.address, ...(s.error === undefined ? {} : { error: s.error }) }))
    if (interfaces.length === 0) return { mdns: 'failing', error: NO_INTERFACE, interfaces }
    const failing = interfaces.filter(i => i.error !== undefined)
    if (failing.length < interfaces.length) return { mdns: 'on', interfaces }
    return { mdns: 'failing', error: failing.map(i => `${i.name}: ${i.error ?? ''}`).join('; '), interfaces }
  }

  private readInterfaces (): LanInterface[] {
    return lanInterfaces((this.options.readInterfaces ?? networkInterfaces)())
  }

  private open (interfaces: LanInterface[]): void {
    this.interfaces = interfaces
    this.sockets = interfaces.map(iface => {
      const socket: InterfaceSocket = new InterfaceSocket(iface, {
        query: (packet, from) => { if (this.owns(iface, from)) this.answer(socket, packet) },
        response: (packet, from) => { if (this.owns(iface, from)) this.found(packet) }
      }, this.options.port ?? MDNS_PORT)
      return socket
    })
    this.queryAll()
  }

  private async reopen (interfaces: LanInterface[]): Promise<void> {
    await this.closeAll()
    if (this.timers.length > 0) this.open(interfaces)
  }

  private async closeAll (): Promise<void> {
    const closing = this.sockets.splice(0)
    await Promise.all(closing.map(async s => { await s.close() }))
  }

  /** Every socket hears what arrives on any interface: the sender's own interface handles it. */
  private owns (iface: LanInterface, from: RemoteInfo): boolean {
    return interfaceFor(from.address, this.interfaces)?.name === iface.name
  }

  private queryAll (): void {
    for (const socket of this.sockets) socket.query(queryFor(this.options.serviceTag))
  }

  private answer (socket: InterfaceSocket, packet: Packet): void {
    if (!isQueryFor(packet, this.options.serviceTag) || this.components === undefined) return
    const answers = answersFor(this.peerName, this.options.serviceTag, this.components.addressManager.getAddresses())
    if (answers.length > 0) socket.respond(answers)
  }

  private found (packet: Packet): void {
    const peer = peerFromResponse(packet, this.peerName, this.options.serviceTag)
    if (peer !== undefined) this.safeDispatchEvent('peer', { detail: peer })
  }
}
