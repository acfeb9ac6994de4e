// A sync request from a peer we do not count as a member of its incident may come from a member
// added (or removed and added again) while we were away from whoever did it. Refusing it outright
// deadlocked a split: on our side nobody we count held the newer roster, and everyone who did was
// refused. So a request that names roster ops we lack is heard: we pull the roster from that peer,
// on the connection it came by (an `ops`-only pull: no entries are taken), and keep its ops only if
// their fold, signed by the admins we already trust, makes it a member. An outsider gains nothing:
// ops it cannot sign as an admin admit no one, and nothing it sent is stored. Hearings are bounded
// in number, time, bytes and rate, node-wide and per peer (PROTOCOL.md §8, "A claim is heard").
import type { Connection } from '@libp2p/interface'
import type { Incident } from '../../incident/incident.js'
import { decodeRosterOp, type RosterOp } from '../../membership/roster-op.js'
import { framed } from '../../net/framed-stream.js'
import { SYNC_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { decodeEach } from './pulled.js'
import { decodeSyncMessage, encodeSyncMessage, headsField, MAX_SYNC_FRAME_BYTES } from './sync-messages.js'

/** A request from a peer that shares no incident with us is read only this large (a member's, 1 MiB). */
export const STRANGER_REQUEST_BYTES = 64 * 1024
/** … and within this long. */
export const STRANGER_READ_TIMEOUT_MS = 5_000
/** Requests of peers that share no incident with us, read at once (one per peer). */
const STRANGER_READS = 8
/** Hearings at once, and started in any minute. */
const HEARINGS = 4
const HEARINGS_PER_MINUTE = 20
/** A claimant is heard again, per incident, at most this often: the periodic sync round. */
const HEARD_AGAIN_MS = 15_000
const HEARD_KEPT = 1_024
/** A hearing takes only the ops we lack: a few admissions, not a whole roster. */
const CLAIM_OPS_BYTES = 1024 * 1024
const CLAIM_FRAMES = 8
/** The whole hearing, however the claimant paces its frames. */
const CLAIM_TIMEOUT_MS = 10_000

export class RosterClaims {
  /** Peers whose request is being read as a stranger's. */
  private readonly strangerReads = new Set<string>()
  private hearings = 0
  /** When recent hearings started, for the per-minute bound. */
  private started: number[] = []
  /** When each (peer, incident) was last heard. */
  private readonly heard = new Map<string, number>()

  constructor (private readonly ctx: ServiceContext, private readonly learnt: (incident: Incident) => void) {}

  /** A slot to read a stranger's request in, released by the returned function; undefined if none is free for `peerId`. */
  strangerSlot (peerId: string): (() => void) | undefined {
    if (this.strangerReads.size >= STRANGER_READS || this.strangerReads.has(peerId)) return undefined
    this.strangerReads.add(peerId)
    let held = true
    return () => { if (held) { held = false; this.strangerReads.delete(peerId) } }
  }

  /**
   * Whether the peer of `connection`, not counted as a member of `incident`, is one by its own
   * roster (`theirTips` name ops we lack): if its ops, folded with ours, admit it, we keep them.
   */
  async hear (connection: Connection, incident: Incident, theirTips: readonly string[]): Promise<boolean> {
    const peerId = connection.remotePeer.toString()
    if (theirTips.every(hash => incident.hasOp(hash)) || !this.mayStart(`${peerId}/${incident.idHex}`)) return false
    this.hearings++
    try {
      const ops = await this.rosterOf(connection, incident)
      if (!incident.wouldAdmit(ops, peerId)) {
        this.ctx.stats.drop('sync-claim', 'not-admitted')
        return false
      }
      const { added } = await incident.addRosterOps(ops)
      if (added > 0) this.learnt(incident)
      const admitted = incident.isMember(peerId)
      if (admitted) this.ctx.stats.note('sync-claim', 'admitted')
      return admitted
    } catch (err) {
      this.ctx.stats.drop('sync-claim', reasonOf(err))
      return false
    } finally {
      this.hearings--
    }
  }

  /** Whether a hearing may start now for `key` (peer/incident); if so, it counts as started. */
  private mayStart (key: string): boolean {
    const now = Date.now()
    this.started = this.started.filter(at => now - at < 60_000)
    const last = this.heard.get(key)
    if (this.hearings >= HEARINGS || this.started.length >= HEARINGS_PER_MINUTE || (last !== undefined && now - last < HEARD_AGAIN_MS)) return false
    this.started.push(now)
    this.heard.delete(key)
    this.heard.set(key, now)
    if (this.heard.size > HEARD_KEPT) this.heard.delete(this.heard.keys().next().value as string)
    return true
  }

  /** The roster ops the peer holds beyond ours: a pull that stops at its first entries. */
  private async rosterOf (connection: Connection, incident: Incident): Promise<RosterOp[]> {
    const deadline = Date.now() + CLAIM_TIMEOUT_MS
    const left = (): number => Math.max(1, deadline - Date.now())
    // On the connection the claim came by: never a dial to addresses the claimant advertised.
    const s = framed(await connection.newStream(SYNC_PROTOCOL, { signal: AbortSignal.timeout(left()) }), MAX_SYNC_FRAME_BYTES, CLAIM_TIMEOUT_MS)
    const ops: RosterOp[] = []
    try {
      // No version vector: it would tell a peer not known to be a member how far we are.
      await s.write(encodeSyncMessage({ t: 'req', i: incident.id, h: headsField(incident.syncTips), vv: [] }), left())
      let bytes = 0
      for (let frames = 0; ; frames++) {
        const message = await s.read(decodeSyncMessage, left())
        if (message.t !== 'ops') break
        bytes += message.o.reduce((sum, wire) => sum + wire.length, 0)
        if (bytes > CLAIM_OPS_BYTES || frames >= CLAIM_FRAMES) throw new Error('claim-roster-too-large')
        ops.push(...decodeEach(message.o, decodeRosterOp, err => { this.ctx.stats.drop('sync-claim', reasonOf(err)) }))
      }
      return ops
    } finally {
      // Its entries (or refusal) are not wanted here: a member's are pulled once it counts as one.
      s.abort(new Error('roster heard'))
    }
  }
}
