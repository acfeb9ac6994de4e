// Roster changes of one incident: ops received (kept or dropped by roster-admission.ts), ops this
// device authors, and key rotations (with a removal first). Each is stored before it is applied;
// the incident runs these in its queue and re-judges its entries after (`changed`).
import { NotFoundError } from '../errors.js'
import type { DropReason } from '../membership/roster-admission.js'
import type { RosterOp } from '../membership/roster-op.js'
import type { Epoch, RosterState } from '../membership/roster-state.js'
import type { Store } from '../storage/store.js'
import type { AuthorLogs } from './author-logs.js'
import type { OwnOpBody, RosterBook } from './roster-book.js'

export interface RosterWritesHost {
  readonly idHex: string
  readonly store: Store
  readonly roster: RosterBook
  readonly logs: AuthorLogs
  /** The roster changed: re-judge the entries and tell the node. */
  changed(): Promise<void>
}

export class RosterWrites {
  constructor (private readonly host: RosterWritesHost) {}

  async add (ops: RosterOp[]): Promise<{ added: number, dropped: DropReason[] }> {
    const { roster, store, idHex } = this.host
    const fresh = roster.freshOf(ops)
    if (fresh.length === 0) return { added: 0, dropped: [] }
    const admission = roster.admit(fresh)
    if (admission.kept.length > 0) await store.putRosterOps(idHex, [...admission.kept])
    roster.commit(admission)
    if (admission.kept.length > 0) await this.host.changed()
    return { added: admission.kept.length, dropped: admission.dropped.map(d => d.reason) }
  }

  async author (body: OwnOpBody, precondition?: (state: RosterState) => void): Promise<RosterOp> {
    precondition?.(this.host.roster.state)
    const op = await this.authorNow(body)
    await this.host.changed()
    return op
  }

  async rotate (removeKeyHex?: string, onlyIf?: (state: RosterState) => boolean): Promise<Epoch> {
    const { roster, logs } = this.host
    if (onlyIf?.(roster.state) === false) return roster.state.currentEpoch as Epoch
    if (removeKeyHex !== undefined) {
      const member = roster.state.members.get(removeKeyHex)
      if (member === undefined) throw new NotFoundError('not a member of this incident')
      await this.authorNow({ k: 'remove', d: { m: member.publicKey, s: logs.headSeq(removeKeyHex) } })
    }
    await this.authorNow(roster.rotationBody())
    await this.host.changed()
    return roster.state.currentEpoch as Epoch
  }

  private async authorNow (body: OwnOpBody): Promise<RosterOp> {
    const { op, admission } = this.host.roster.draft(body)
    await this.host.store.putRosterOps(this.host.idHex, [op])
    this.host.roster.commit(admission)
    return op
  }
}
