// Dead-link detection. A TCP connection whose path went away (a cable pulled, a Wi-Fi roam, an IP
// address change) can look open for many minutes while the kernel retransmits; libp2p keeps it,
// and the redial skips a member with a connection, so the member stays cut off. Every connection
// is pinged here; after `failures` pings in a row without an answer it is aborted and members are
// redialled. The threshold is generous: under load (a large catch-up) a ping can be slow, and a
// member's working connection must not be killed mid-sync. A change of the machine's own network
// addresses (interface-watch.ts) closes every connection at once: they may all use the old address.
// A peer that opens a new connection while we hold an older one is evidence the older one died on
// its side (a laptop that moved, a link that went silent): the older one is pinged at once and
// aborted if it does not answer. Kept, it took our streams to that peer (a sync pull, gossip) into
// the void until our own pings gave up (gossip-stream-check.ts then sets gossip up again).
import type { Connection } from '@libp2p/interface'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { answersPing } from './connection-ping.js'
import { watchInterfaces } from './interface-watch.js'

export interface LivenessOptions {
  /** How often each connection is pinged (ms). */
  intervalMs: number
  /** How long one ping may take before it counts as unanswered (ms). */
  timeoutMs: number
  /** Unanswered pings in a row that mark a connection dead. */
  failures: number
  /** How often the machine's network addresses are compared with the last look (ms; 0 = never). */
  interfacePollMs: number
}

/** Dead after ~15–20 s of silence; a ping answered late still counts as an answer. */
export const DEFAULT_LIVENESS: LivenessOptions = { intervalMs: 5_000, timeoutMs: 5_000, failures: 3, interfacePollMs: 3_000 }

export interface LivenessDeps {
  options: LivenessOptions
  isOffline: () => boolean
  /** Redials members at once (their backoff cleared). */
  redialNow: () => void
}

export class Liveness implements NetworkService {
  readonly name = 'liveness'
  /** Consecutive unanswered pings per connection id. */
  private readonly misses = new Map<string, number>()
  private readonly pinging = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private stopWatching: (() => void) | undefined
  private readonly stopping = new AbortController()

  constructor (private readonly ctx: ServiceContext, private readonly deps: LivenessDeps) {}

  start (): void {
    this.ctx.libp2p.addEventListener('start', this.begin)
    this.ctx.libp2p.addEventListener('connection:open', this.onOpen)
  }

  stop (): void {
    this.ctx.libp2p.removeEventListener('start', this.begin)
    this.ctx.libp2p.removeEventListener('connection:open', this.onOpen)
    clearInterval(this.timer)
    this.stopWatching?.()
    this.stopping.abort()
  }

  private readonly begin = (): void => {
    const { intervalMs, interfacePollMs } = this.deps.options
    this.timer = setInterval(() => { if (!this.deps.isOffline()) this.pingAll() }, intervalMs)
    this.timer.unref()
    if (interfacePollMs > 0) this.stopWatching = watchInterfaces(interfacePollMs, () => { void this.dropAll() })
  }

  private pingAll (): void {
    const open = new Set<string>()
    for (const connection of this.ctx.libp2p.getConnections()) {
      open.add(connection.id)
      if (this.pinging.has(connection.id)) continue
      this.pinging.add(connection.id)
      void this.check(connection).finally(() => this.pinging.delete(connection.id))
    }
    for (const id of this.misses.keys()) if (!open.has(id)) this.misses.delete(id)
  }

  /** A new connection from a peer we hold older ones to: each older one is pinged now (see above). */
  private readonly onOpen = (event: CustomEvent<Connection>): void => {
    const fresh = event.detail
    for (const older of this.ctx.libp2p.getConnections(fresh.remotePeer)) {
      if (older.id === fresh.id || older.status !== 'open' || older.timeline.open > fresh.timeline.open) continue
      void this.answers(older).then(answered => {
        if (answered || older.status !== 'open' || this.stopping.signal.aborted) return
        this.ctx.stats.note('liveness', 'dead-connection')
        older.abort(new Error('no answer to a ping after the peer connected again'))
      })
    }
  }

  private async check (connection: Connection): Promise<void> {
    if (await this.answers(connection)) {
      this.misses.delete(connection.id)
      return
    }
    if (connection.status !== 'open' || this.stopping.signal.aborted) return
    const misses = (this.misses.get(connection.id) ?? 0) + 1
    this.misses.set(connection.id, misses)
    if (misses < this.deps.options.failures) return
    this.misses.delete(connection.id)
    this.ctx.stats.note('liveness', 'dead-connection')
    connection.abort(new Error(`no answer to ${misses} pings`))
    this.deps.redialNow()
  }

  private async answers (connection: Connection): Promise<boolean> {
    return await answersPing(connection, AbortSignal.any([AbortSignal.timeout(this.deps.options.timeoutMs), this.stopping.signal]))
  }

  /** The machine's addresses changed: every connection may be bound to an address that is gone. */
  private async dropAll (): Promise<void> {
    if (this.deps.isOffline()) return
    await Promise.all(this.ctx.libp2p.getConnections().map(async c => { await c.close({ signal: AbortSignal.timeout(1_000) }).catch(() => c.abort(new Error('network interfaces changed'))) }))
    this.deps.redialNow()
  }
}
