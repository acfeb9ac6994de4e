// A sync request from a peer we do not count as a member of its incident may come from a member
// added while we were away from whoever added it. Refusing it outright deadlocked a split: on our
// side nobody we count held the newer roster, and everyone who did was refused. So a request that
// names roster ops we lack is heard: we pull the roster from that peer (an `ops`-only pull: no
// entries are taken) and keep its ops only if their fold, signed by the admins we already trust,
// makes it a member. An outsider gains nothing: ops it cannot sign as an admin admit no one, and
// nothing it sent is stored. Hearings are few at a time and once per peer and incident a round.
import { peerIdFromString } from '@libp2p/peer-id'
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
/** Requests of peers that share no incident with us, read at once. */
const STRANGER_READS = 8
/** Hearings (pulls of a claimant's roster) at once. */
const HEARINGS = 4
/** A claimant is heard again, per incident, at most this often: the periodic sync round. */
const HEARD_AGAIN_MS = 15_000
/** The roster ops taken from one claimant, in bytes (an incident's whole roster is far smaller). */
const CLAIM_OPS_BYTES = 8 * 1024 * 1024
const CLAIM_TIMEOUT_MS = 10_000
const HEARD_KEPT = 1_024

export class RosterClaims {
  private strangerReads = 0
  private hearings = 0
  /** When each (peer, incident) was last heard. */
  private readonly heard = new Map<string, number>()

  constructor (private readonly ctx: ServiceContext, private readonly learnt: (incident: Incident) => void) {}

  /** A slot to read a stranger's request in, released by the returned function; undefined if none is free. */
  strangerSlot (): (() => void) | undefined {
    if (this.strangerReads >= STRANGER_READS) return undefined
    this.strangerReads++
    let held = true
    return () => { if (held) { held = false; this.strangerReads-- } }
  }

  /**
   * Whether `peerId`, not counted as a member of `incident`, is one by its own roster (`theirTips`
   * name ops we lack): if its ops, folded with ours, admit it, we keep them and say yes.
   */
  async hear (peerId: string, incident: Incident, theirTips: readonly string[]): Promise<boolean> {
    if (theirTips.every(hash => incident.hasOp(hash)) || this.hearings >= HEARINGS) return false
    const key = `${peerId}/${incident.idHex}`
    const last = this.heard.get(key)
    if (last !== undefined && Date.now() - last < HEARD_AGAIN_MS) return false
    this.heard.delete(key)
    this.heard.set(key, Date.now())
    if (this.heard.size > HEARD_KEPT) this.heard.delete(this.heard.keys().next().value as string)
    this.hearings++
    try {
      const ops = await this.rosterOf(peerId, incident)
      if (!incident.wouldAdmit(ops, peerId)) {
        this.ctx.stats.drop('sync-claim', 'not-admitted')
        return false
      }
      const { added } = await incident.addRosterOps(ops)
      if (added > 0) this.learnt(incident)
      this.ctx.stats.note('sync-claim', 'admitted')
      return incident.isMember(peerId)
    } catch (err) {
      this.ctx.stats.drop('sync-claim', reasonOf(err))
      return false
    } finally {
      this.hearings--
    }
  }

  /** The roster ops `peerId` holds beyond ours: a pull that stops at its first entries. */
  private async rosterOf (peerId: string, incident: Incident): Promise<RosterOp[]> {
    const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal: AbortSignal.timeout(CLAIM_TIMEOUT_MS) })
    const s = framed(stream, MAX_SYNC_FRAME_BYTES, CLAIM_TIMEOUT_MS)
    const ops: RosterOp[] = []
    try {
      // No version vector: it would tell a peer not known to be a member how far we are.
      await s.write(encodeSyncMessage({ t: 'req', i: incident.id, h: headsField(incident.syncTips), vv: [] }))
      let bytes = 0
      for (;;) {
        const message = await s.read(decodeSyncMessage)
        if (message.t !== 'ops') break
        bytes += message.o.reduce((sum, wire) => sum + wire.length, 0)
        if (bytes > CLAIM_OPS_BYTES) throw new Error('claim-roster-too-large')
        ops.push(...decodeEach(message.o, decodeRosterOp, err => { this.ctx.stats.drop('sync-claim', reasonOf(err)) }))
      }
      return ops
    } finally {
      // Its entries (or refusal) are not wanted here: a member's are pulled once it counts as one.
      s.abort(new Error('roster heard'))
    }
  }
}
