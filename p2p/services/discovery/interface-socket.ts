// One mDNS socket per interface: bound to 0.0.0.0:5353 (shared with other responders on the
// machine), joined to the group on that interface only, and sending out of it (IP_MULTICAST_IF),
// so a send never depends on a route. Every send reports its result: the last error stays until a
// send succeeds, and is what `whoami` shows (@libp2p/mdns dropped it, so discovery failed silently).
import makeMdns from 'multicast-dns'
import type { Answer, Packet, Question } from 'dns-packet'
import type { RemoteInfo } from 'node:dgram'
import type { LanInterface } from './lan-interfaces.js'

export const MDNS_GROUP = '224.0.0.251'
export const MDNS_PORT = 5353

export interface SocketHandlers {
  query: (packet: Packet, from: RemoteInfo) => void
  response: (packet: Packet, from: RemoteInfo) => void
}

export class InterfaceSocket {
  /** The last failure to bind, join or send; cleared by a successful send. */
  error: string | undefined
  private readonly mdns: makeMdns.MulticastDNS

  constructor (readonly iface: LanInterface, handlers: SocketHandlers, port = MDNS_PORT) {
    this.mdns = makeMdns({ port, ip: MDNS_GROUP, interface: iface.address, bind: '0.0.0.0', reuseAddr: true, loopback: true })
    this.mdns.on('query', handlers.query)
    this.mdns.on('response', handlers.response)
    this.mdns.on('error', (err: Error) => { this.error = describe(err) })
    // System errors (joining the group, choosing the interface, a send without a callback); a
    // packet that does not decode is a warning without a syscall and says nothing about us.
    this.mdns.on('warning', (err: NodeJS.ErrnoException) => { if (err.syscall !== undefined) this.error = describe(err) })
  }

  query (questions: Question[]): void {
    this.mdns.query(questions, this.done)
  }

  respond (answers: Answer[]): void {
    this.mdns.respond(answers, this.done)
  }

  private readonly done = (err: Error | null): void => {
    this.error = err === null || err === undefined ? undefined : describe(err)
  }

  async close (): Promise<void> {
    await new Promise<void>(resolve => { this.mdns.destroy(() => resolve()) })
  }
}

function describe (err: Error): string {
  return err.message.slice(0, 200)
}
