// Start-up: the stored entries back into an incident's memory. Where the load index matches the
// store, its rows are taken as they are (a message goes into the message index, a workspace update
// the snapshot covers is only marked) and only other entries are read, decoded and decrypted;
// entries past the index, or every entry when there is none, take the long way and are added to
// it. Whatever the index says, the roster as it is now decides what counts and who may write.
import { decodeEntry, type Entry } from '../log/entry.js'
import type { Store } from '../storage/store.js'
import { roleMayWrite, type Applied, type ApplyMode, type EntryApplier } from './applier.js'
import type { Role } from '../membership/roles.js'
import type { AuthorLogs } from './author-logs.js'
import { indexKind, type LoadIndex, type StoredIndex } from './load-index.js'
import { keyPrint, type IndexSegment } from './load-index-format.js'
import type { MemberQuota } from './quota.js'
import { withPurged } from './retention.js'
import type { RosterBook } from './roster-book.js'

export interface ReplayHost {
  readonly idHex: string
  readonly store: Store
  readonly logs: AuthorLogs
  readonly quota: MemberQuota
  readonly roster: RosterBook
  readonly applier: EntryApplier
  readonly index: LoadIndex
  /** Applies a stored entry already in `logs` (Incident.record). */
  record: (entry: Entry, mode: ApplyMode) => Applied
}

/** Replays every stored entry; `covered` is what the loaded workspace snapshot covers, per author. */
export async function replayStored (host: ReplayHost, covered: ReadonlyMap<string, number>): Promise<void> {
  const modeOf = (authorHex: string, seq: number): ApplyMode => seq <= (covered.get(authorHex) ?? 0) ? 'covered' : 'replay'
  const purged = await host.store.purgedSlots(host.idHex)
  const index = purged.length > 0 ? undefined : await host.index.read()
  const known = index === undefined ? undefined : await replayIndexed(host, index, modeOf)
  if (index !== undefined && known === undefined) await host.index.drop()
  for await (const stored of withPurged(host.store.entriesAfter(host.idHex, known ?? new Map()), purged)) {
    if ('hashHex' in stored) { host.logs.appendPurged(stored.author, stored.hashHex, stored.lamport, stored.epoch); continue }
    // Stored entries were validated on the way in: skip the signature check on start-up.
    const entry = decodeEntry(stored.wire, { verify: false })
    host.logs.append(entry)
    host.quota.count(entry.authorHex, stored.wire.byteLength)
    host.index.note(entry, indexKind(host.record(entry, modeOf(entry.authorHex, entry.body.s)), entry, host.logs), host.roster.epochKey(entry.body.e))
  }
  await host.index.flush(known === undefined ? undefined : index)
}

/** Entries read from the store at once for the rows that need them: bounded, whatever members stored. */
const READ_BATCH = 64

/** A row's place in the index: its segment and its position there (and its seq). */
interface At { segment: IndexSegment, i: number, seq: number }

/**
 * Takes the index's rows into memory and returns each author's last indexed seq; undefined
 * (nothing changed yet) if they do not match the store:
 * each author's rows must run from seq 1 without a gap and end at the entry the store holds there,
 * and every entry a row needs read must be there. Those are read a batch at a time.
 */
async function replayIndexed (host: ReplayHost, index: StoredIndex, modeOf: (authorHex: string, seq: number) => ApplyMode): Promise<Map<string, number> | undefined> {
  // Per author its last row so far, moved along in place (no object per row).
  const last = new Map<string, At>()
  const long: At[] = []
  const alone = rowAloneRule(host, index)
  for (const segment of index.segments) {
    for (let i = 0; i < segment.length; i++) {
      const authorHex = segment.authorHex(i)
      const seq = segment.seq(i)
      const at = last.get(authorHex)
      if (seq !== (at?.seq ?? 0) + 1) return undefined
      if (at === undefined) last.set(authorHex, { segment, i, seq })
      else { at.segment = segment; at.i = i; at.seq = seq }
      if (!alone(segment, i, modeOf(authorHex, seq))) long.push({ segment, i, seq })
    }
  }
  const slot = ({ segment, i, seq }: At): [string, number] => [segment.authorHex(i), seq]
  const ends = [...last.values()]
  const endWires = await host.store.entriesAt(host.idHex, ends.map(slot))
  if (endWires.some((wire, i) => wire === undefined || decodeEntry(wire, { verify: false }).hashHex !== ends[i]?.segment.hashHex(ends[i].i))) return undefined
  if ((await host.store.hasEntries(host.idHex, long.map(slot))).includes(false)) return undefined
  let next = 0
  let wires: Array<Uint8Array | undefined> = []
  for (const segment of index.segments) {
    for (let i = 0; i < segment.length; i++) {
      const authorHex = segment.authorHex(i)
      const seq = segment.seq(i)
      const kind = segment.kind(i)
      host.logs.appendAt(authorHex, segment.hash(i), segment.lamport(i), segment.epoch(i))
      host.quota.count(authorHex, segment.size(i))
      if (long[next]?.segment === segment && long[next]?.i === i) {
        if (next % READ_BATCH === 0) wires = await host.store.entriesAt(host.idHex, long.slice(next, next + READ_BATCH).map(slot))
        const wire = wires[next++ % READ_BATCH]
        // Checked above, and nothing deletes entries while an incident loads.
        if (wire === undefined) throw new Error(`the stored entry ${authorHex}:${seq} went away during start-up`)
        host.record(decodeEntry(wire, { verify: false }), modeOf(authorHex, seq))
      } else if (kind === 'msg') host.applier.messages.add(authorHex, seq, segment.lamport(i), segment.ts(i))
      else if (kind === 'ydoc') host.logs.markWorkspace(authorHex, seq)
    }
  }
  return new Map(ends.map(slot))
}

/**
 * Whether a row applies without its entry, as EntryApplier.apply would apply the entry: on a relay
 * nothing applies; else a message, or a workspace update already in the snapshot, whose author may
 * still write it and that was read with the very key this device holds for its epoch now.
 */
function rowAloneRule (host: ReplayHost, index: StoredIndex): (segment: IndexSegment, i: number, mode: ApplyMode) => boolean {
  if (host.roster.storesOnly) return (segment, i) => segment.kind(i) === 'other'
  const roles = new Map<string, Role | undefined>()
  const roleOf = (authorHex: string): Role | undefined => {
    if (!roles.has(authorHex)) roles.set(authorHex, host.roster.state.members.get(authorHex)?.role)
    return roles.get(authorHex)
  }
  const sameKey = new Map<number, boolean>()
  const keyIsSame = (epoch: number): boolean => {
    if (!sameKey.has(epoch)) {
      const key = host.roster.epochKey(epoch)
      sameKey.set(epoch, key !== undefined && index.prints.get(epoch) === keyPrint(key))
    }
    return sameKey.get(epoch) === true
  }
  return (segment, i, mode) => {
    const kind = segment.kind(i)
    if (kind === 'other' || (kind === 'ydoc' && mode !== 'covered') || !keyIsSame(segment.epoch(i))) return false
    return roleMayWrite(roleOf(segment.authorHex(i)), kind)
  }
}
