// Which address records from one sender to keep (pure; the exchange does the I/O). A record is
// kept only if it is about a member of an incident we share with the sender (never about anyone
// else: the sender may not teach us, or learn from us, members of incidents it is not in), is
// newer than the one we hold, and is signed by that member's own key. Cheap checks come before
// the signature. Nothing a frame carries makes this throw: every refusal is counted by reason.
import { errorMessage } from '../../errors.js'
import { decodeAddrRecord, type AddrRecord } from './addr-record.js'

export interface JudgeContext {
  /** This device's peer id: our own record comes back to us and is skipped. */
  self: string
  /** Whether the sender may tell us about `subject` (both are members of an incident we hold). */
  mayCarry: (subject: string) => boolean
  /** The seq of the record we hold for `peerId`, if any. */
  heldSeq: (peerId: string) => number | undefined
}

export type DropReason = 'bad-record' | 'not-shared-member' | 'older-record' | 'bad-signature'

export interface Judgement {
  /** The newest valid record of each member that is newer than ours. */
  accepted: AddrRecord[]
  drops: Map<DropReason, number>
  /** The first refusal's detail, for logs and tests. */
  firstError?: string
}

export function judgeRecords (wires: readonly Uint8Array[], ctx: JudgeContext): Judgement {
  const accepted = new Map<string, AddrRecord>()
  const drops = new Map<DropReason, number>()
  let firstError: string | undefined
  const drop = (why: DropReason, detail: string): void => {
    drops.set(why, (drops.get(why) ?? 0) + 1)
    firstError ??= `${why}: ${detail}`
  }
  for (const wire of wires) {
    let record: AddrRecord
    try {
      record = decodeAddrRecord(wire)
    } catch (err) {
      drop('bad-record', errorMessage(err))
      continue
    }
    if (record.peerId === ctx.self) continue
    if (!ctx.mayCarry(record.peerId)) { drop('not-shared-member', record.peerId); continue }
    const held = accepted.get(record.peerId)?.seq ?? ctx.heldSeq(record.peerId)
    if (held !== undefined && record.seq <= held) {
      // The same record again is the normal echo of an exchange; an older one is stale news.
      if (record.seq < held) drop('older-record', `${record.peerId} seq ${record.seq} < ${held}`)
      continue
    }
    if (!record.checkSignature()) { drop('bad-signature', record.peerId); continue }
    accepted.set(record.peerId, record)
  }
  return { accepted: [...accepted.values()], drops, firstError }
}
