// One pull of an incident from one member (sync-messages.ts): asks for everything we lack,
// applies it as it comes, acks each batch. Authors our quota has paused are left out of the
// request, and so are authors another member's slow transfer is bringing us already
// (author-leases.ts): a pull that finds itself bringing such an author ends and asks again
// without it, the batch it got kept.
import { peerIdFromString } from '@libp2p/peer-id'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { fromHex } from '../../codec/bytes.js'
import type { Incident } from '../../incident/incident.js'
import { decodeEntry } from '../../log/entry.js'
import { decodeRosterOp } from '../../membership/roster-op.js'
import { framed } from '../../net/framed-stream.js'
import { SYNC_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { leaseKey, type AuthorLeases } from './author-leases.js'
import { applyPulled, decodeEach } from './pulled.js'
import type { PullFollowUps } from './pull-follow-ups.js'
import { decodeSyncMessage, encodeSyncMessage, headsField, MAX_SYNC_FRAME_BYTES, PAUSED_SEQ } from './sync-messages.js'

const DIAL_TIMEOUT_MS = 10_000
export const READ_TIMEOUT_MS = 30_000

export interface PullParts {
  ctx: ServiceContext
  followUps: PullFollowUps
  /** Which of our pulls is bringing which author (one slow copy at a time). */
  leases: AuthorLeases
  /** A pull stored news in `incident` (SyncDeps.learnt). */
  learnt: (incident: Incident) => void
}

/**
 * One pull round from `peerId`: 'again' when it ended early to ask again without some authors
 * (one paused by our quota meanwhile, or one another pull is bringing through a slow link).
 */
export async function pullOnce ({ ctx, followUps, leases, learnt }: PullParts, peerId: string, incident: Incident, probeHeads: boolean): Promise<'done' | 'again'> {
  const stream = await ctx.libp2p.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
  const s = framed(stream, MAX_SYNC_FRAME_BYTES, READ_TIMEOUT_MS)
  const dropper = (where: string) => (err: unknown): void => { ctx.stats.drop(where, reasonOf(err)) }
  const brought = new Set<string>()
  try {
    const paused = new Set(incident.quota.pausedAuthors())
    const vv = new Map(incident.pullVector(probeHeads))
    for (const author of paused) vv.set(author, PAUSED_SEQ)
    for (const author of vv.keys()) if (leases.yieldsTo(leaseKey(incident.idHex, author), peerId)) vv.set(author, PAUSED_SEQ)
    await s.write(encodeSyncMessage({ t: 'req', i: incident.id, h: headsField(incident.syncTips), vv: [...vv].map(([author, seq]) => [fromHex(author), seq]) }))
    for (;;) {
      const message = await s.read(decodeSyncMessage)
      if (message.t === 'ops') {
        const { added, dropped } = await incident.addRosterOps(decodeEach(message.o, decodeRosterOp, dropper('sync-ops')))
        for (const reason of dropped) ctx.stats.drop('sync-ops', reason)
        if (added > 0) learnt(incident)
      }
      // Signatures are checked by the incident, one per linked run of an author (entry.ts).
      else if (message.t === 'ents') {
        const entries = decodeEach(message.e, wire => decodeEntry(wire, { verify: false }), dropper('sync-entries'))
        for (const entry of entries) {
          const key = leaseKey(incident.idHex, entry.authorHex)
          brought.add(key)
          leases.moved(key, peerId, entry.wire.byteLength)
        }
        if (await applyPulled(incident, entries, ctx.stats)) learnt(incident)
        await s.write(encodeSyncMessage({ t: 'ack' }))
        if (incident.quota.pausedAuthors().some(author => !paused.has(author))) {
          s.abort(new Error('an author was paused by its quota: asking again without it'))
          return 'again'
        }
        if ([...brought].some(key => leases.yieldsTo(key, peerId))) {
          ctx.stats.note('sync-pull', 'left-to-another-pull')
          s.abort(new Error('another pull is bringing an author through a slow link: asking again without it'))
          return 'again'
        }
        // The next batches are often buffered already, and reading them never leaves the
        // microtask queue: without a turn of the event loop here, the API, gossip and timers
        // waited for runs of batches (stalls of 100–200 ms, 20,000 entries on 2 cores).
        await nextTurn()
      }
      else if (message.t === 'end') { followUps.afterPull(peerId, incident, message.vv, paused); break }
      else if (message.t === 'no') { ctx.stats.note('sync-pull', `refused-${message.c}`); return 'done' }
      else throw new Error(`unexpected ${message.t}`)
    }
    ctx.stats.syncRounds++
    return 'done'
  } finally {
    leases.ended(peerId, brought)
    await s.close()
  }
}
