// Inbound connections from strangers, peers that share no incident with this device (invitees
// mid-join, members of an incident not heard of yet, removed members, outsiders), are bounded:
// at most a few per host and a few dozen in all, newest first (slot-table.ts), and each is closed
// if it has not become a member within a grace period. An outsider opening connections with fresh
// peer ids therefore never fills libp2p's connection limit, which members need to get in.
import type { Connection } from '@libp2p/interface'
import { remoteHost } from '../../net/remote-host.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { SlotTable, type SlotLimits } from '../../net/slot-table.js'

export interface StrangerLimits extends SlotLimits {
  /** How long a stranger may stay connected without becoming a member (ms): a join takes seconds. */
  graceMs: number
}

export const DEFAULT_STRANGER_LIMITS: StrangerLimits = { perHost: 8, total: 64, graceMs: 60_000 }

export class StrangerGuard implements NetworkService {
  readonly name = 'strangers'
  private readonly table: SlotTable<Connection>
  private readonly openedAt = new Map<Connection, number>()
  private timer: NodeJS.Timeout | undefined

  private readonly limits: StrangerLimits

  constructor (private readonly ctx: ServiceContext, deps: { limits: StrangerLimits }) {
    this.limits = deps.limits
    this.table = new SlotTable(deps.limits)
  }

  start (): void {
    this.ctx.libp2p.addEventListener('connection:open', this.onOpen)
    this.ctx.libp2p.addEventListener('connection:close', this.onClose)
    this.timer = setInterval(this.sweep, Math.min(5_000, Math.max(100, this.limits.graceMs / 4)))
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.ctx.libp2p.removeEventListener('connection:open', this.onOpen)
    this.ctx.libp2p.removeEventListener('connection:close', this.onClose)
  }

  private isMember (connection: Connection): boolean {
    return this.ctx.incidents.sharedWith(connection.remotePeer.toString()).length > 0
  }

  private readonly onOpen = (event: CustomEvent<Connection>): void => {
    const connection = event.detail
    if (connection.direction !== 'inbound' || this.isMember(connection)) return
    this.openedAt.set(connection, Date.now())
    for (const evicted of this.table.add(connection, remoteHost(connection.remoteAddr))) this.close(evicted, 'too-many')
  }

  private readonly onClose = (event: CustomEvent<Connection>): void => { this.forget(event.detail) }

  /** Members are let go of; strangers past their grace period are closed. */
  private readonly sweep = (): void => {
    const now = Date.now()
    for (const connection of this.table.items()) {
      if (this.isMember(connection)) this.forget(connection)
      else if (now - (this.openedAt.get(connection) ?? now) >= this.limits.graceMs) this.close(connection, 'grace-over')
    }
  }

  private forget (connection: Connection): void {
    this.table.remove(connection)
    this.openedAt.delete(connection)
  }

  private close (connection: Connection, why: string): void {
    this.forget(connection)
    this.ctx.stats.drop('strangers', why)
    void connection.close().catch(() => { connection.abort(new Error('closing a stranger\'s connection failed')) })
  }
}
