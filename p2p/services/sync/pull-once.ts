// One pull of an incident from one member (sync-messages.ts): asks for everything we lack,
// applies it as it comes, acks each batch. Authors our quota has paused are left out of the
// request, and so are authors another pull is bringing us already through what looks like the
// same slow link (author-leases.ts): a pull that finds itself bringing such an author ends and
// asks again without it, the batch it got kept. A server that sends an author we left out
// breaks the protocol: the pull ends there.
import { peerIdFromString } from '@libp2p/peer-id'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { fromHex } from '../../codec/bytes.js'
import type { Incident } from '../../incident/incident.js'
import { decodeEntry, type Entry } from '../../log/entry.js'
import type { Verdict } from '../../log/validate.js'
import { decodeRosterOp } from '../../membership/roster-op.js'
import { framed } from '../../net/framed-stream.js'
import { SYNC_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { JUDGE_AFTER_MS, leaseKey, type AuthorLeases, type Transfer } from './author-leases.js'
import { applyPulled, decodeEach } from './pulled.js'
import type { PullFollowUps } from './pull-follow-ups.js'
import { decodeSyncMessage, encodeSyncMessage, headsField, MAX_SYNC_FRAME_BYTES, PAUSED_SEQ } from './sync-messages.js'

const DIAL_TIMEOUT_MS = 10_000
export const READ_TIMEOUT_MS = 30_000
/** A pull's rate is remembered for the next one from the same peer if it moved this much (or ran long enough to judge). */
const RATE_SAMPLE_BYTES = 64 * 1024
const RATES_KEPT = 256

export interface PullParts {
  ctx: ServiceContext
  followUps: PullFollowUps
  /** Which of our pulls is bringing which author (one slow copy at a time). */
  leases: AuthorLeases
  /** Per peer, the rate of the last pull from it that moved enough to tell (bytes per ms). */
  rates: Map<string, number>
  /** A pull stored news in `incident` (SyncDeps.learnt). */
  learnt: (incident: Incident) => void
}

/**
 * One pull round from `peerId`: 'again' when it ended early to ask again without some authors
 * (one paused by our quota meanwhile, or one another pull is bringing through a slow link).
 */
export async function pullOnce ({ ctx, followUps, leases, rates, learnt }: PullParts, peerId: string, incident: Incident, probeHeads: boolean): Promise<'done' | 'again'> {
  const stream = await ctx.libp2p.dialProtocol(peerIdFromString(peerId), SYNC_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
  const s = framed(stream, MAX_SYNC_FRAME_BYTES, READ_TIMEOUT_MS)
  const dropper = (where: string) => (err: unknown): void => { ctx.stats.drop(where, reasonOf(err)) }
  const transfer = leases.begin(peerId)
  const brought = new Set<string>()
  const startedAt = performance.now()
  let bytes = 0
  const rate = (): number | undefined => { const ms = performance.now() - startedAt; return ms >= JUDGE_AFTER_MS ? bytes / ms : rates.get(peerId) }
  try {
    const paused = new Set(incident.quota.pausedAuthors())
    const vv = new Map(incident.pullVector(probeHeads))
    // Authors we hold but left out of the vector (a deep fork probe wants their whole log) are never yielded.
    const deepProbed = new Set([...incident.logs.versionVector().keys()].filter(author => !vv.has(author)))
    const leasable = (author: string): boolean => !deepProbed.has(author)
    for (const author of paused) vv.set(author, PAUSED_SEQ)
    for (const author of [...vv.keys()]) if (leasable(author) && leases.yieldsTo(leaseKey(incident.idHex, author), transfer, rate())) vv.set(author, PAUSED_SEQ)
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
        if (entries.some(e => vv.get(e.authorHex) === PAUSED_SEQ)) {
          ctx.stats.drop('sync-pull', 'sent-a-paused-author')
          s.abort(new Error('the server sent an author this pull left out'))
          return 'done'
        }
        const verdicts = await applyPulled(incident, entries, ctx.stats)
        if (verdicts.some(v => v.kind === 'accept')) learnt(incident)
        await s.write(encodeSyncMessage({ t: 'ack' }))
        const inBatch = track(incident, entries, verdicts, transfer, leases, brought)
        bytes += message.e.reduce((sum, wire) => sum + wire.byteLength, 0)
        if (incident.quota.pausedAuthors().some(author => !paused.has(author))) {
          s.abort(new Error('an author was paused by its quota: asking again without it'))
          return 'again'
        }
        if ([...inBatch].some(author => leasable(author) && leases.yieldsTo(leaseKey(incident.idHex, author), transfer, rate()))) {
          ctx.stats.note('sync-pull', 'left-to-another-pull')
          s.abort(new Error('another pull is bringing an author through the same slow link: asking again without it'))
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
    leases.ended(transfer)
    // A pull that ended to ask again without an author must leave its rate, or the next would bring it again.
    const ms = performance.now() - startedAt
    if (bytes >= RATE_SAMPLE_BYTES || (bytes > 0 && ms >= JUDGE_AFTER_MS)) remember(rates, peerId, bytes / ms)
    await s.close()
  }
}

/**
 * Leases for the authors of a batch, taken only by entries that were accepted (one that does not
 * verify takes none); authors brought before and not in this batch are done (a server sends author by
 * author), so their leases are free. Returns the batch's authors.
 */
function track (incident: Incident, entries: Entry[], verdicts: Verdict[], transfer: Transfer, leases: AuthorLeases, brought: Set<string>): Set<string> {
  const moved = new Map<string, { bytes: number, accepted: boolean }>()
  entries.forEach((entry, i) => {
    const m = moved.get(entry.authorHex) ?? { bytes: 0, accepted: false }
    moved.set(entry.authorHex, { bytes: m.bytes + entry.wire.byteLength, accepted: m.accepted || verdicts[i]?.kind === 'accept' })
  })
  for (const author of brought) if (!moved.has(author)) { leases.finished(leaseKey(incident.idHex, author), transfer); brought.delete(author) }
  // Every byte counts for the rate: two pulls bringing the same entries take turns at being first.
  for (const [author, { bytes, accepted }] of moved) {
    brought.add(author)
    leases.moved(leaseKey(incident.idHex, author), transfer, bytes, accepted)
  }
  return new Set(moved.keys())
}

function remember (rates: Map<string, number>, peerId: string, rate: number): void {
  rates.delete(peerId)
  rates.set(peerId, rate)
  if (rates.size > RATES_KEPT) rates.delete(rates.keys().next().value as string)
}
