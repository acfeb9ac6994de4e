// The content checks of a record (record-verify.ts reads and checks the framing and signature):
// the roster, each author's chain and standing, and when readable the keys, payloads,
// checkpoints, file chunks and the human index. Problems are pushed with the item named;
// findings describe the record. Pure.
import { fromHex, toHex } from '../codec/bytes.js'
import { constantTimeEqual } from '../crypto/hash.js'
import { peerIdOf } from '../identity/peer-key.js'
import { decryptEntry } from '../log/entry.js'
import { standingVerdict } from '../log/validate.js'
import type { FoldResult } from '../membership/roster-fold.js'
import { logRosterOf } from '../membership/roster-state.js'
import { entryKey, fullEntry, nameIn, payloadOf, recordIndex, timeRange, type PurgedRun, type RecordContent, type RecordEntry } from './record-content.js'

export interface RecordFindings {
  authors: Array<{ peerId: string, name: string, entries: number }>
  /** Earliest and latest entry time (the authors' clocks). */
  from: number | null
  to: number | null
  /** Roster ops the fold does not count (not made by a then admin, or revoked): kept as history. */
  ignoredOps: number
  /** Entries kept as evidence that no longer count (their author removed before them, an epoch never given). */
  uncounted: string[]
  /** Authors with two different entries at one seq. */
  forks: string[]
  checkpoints: Array<{ by: string, name: string, at: number, entries: number }>
  /** Messages their authors deleted (kept in the signed record, shown as deleted). */
  deleted: number
  /** Entries deleted under the retention setting (listed as purged runs, their contents gone). */
  purged: number
  /** Readable: the admins' purge entries that deleted them (`cutoff`: content older than this went). */
  purges: Array<{ by: string, name: string, at: number, cutoff: number, entries: number }>
}

const at = (e: RecordEntry): string => `entry ${peerIdOf(fromHex(e.authorHex))}:${e.seq}`

export function checkContent (content: RecordContent, roster: FoldResult, keys: ReadonlyMap<number, Uint8Array>, chunks: readonly Uint8Array[], index: string | undefined, problems: string[]): RecordFindings {
  const { head } = content
  const idHex = toHex(head.incidentId)
  if (roster.state.title === '' && roster.state.members.size === 0) problems.push(`no genesis of incident ${idHex} among the roster ops`)
  for (const op of roster.waiting) problems.push(`roster op ${op.hashHex}: names a parent that is not in the record`)
  for (const op of content.ops) if (toHex(op.body.i) !== idHex) problems.push(`roster op ${op.hashHex}: of another incident`)
  const exporterHex = toHex(head.exporter)
  if (!roster.state.members.has(exporterHex) && !roster.state.removed.has(exporterHex)) problems.push('the exporter is not a member of the incident in its roster')

  const logRoster = logRosterOf(roster.state)
  const byAuthor = new Map<string, Map<number, RecordEntry>>()
  const uncounted: string[] = []
  const forks: string[] = []
  for (const e of content.entries) {
    if (e.incidentHex !== idHex) { problems.push(`${at(e)}: of another incident`); continue }
    const seqs = byAuthor.get(e.authorHex) ?? new Map<number, RecordEntry>()
    byAuthor.set(e.authorHex, seqs)
    const same = seqs.get(e.seq)
    if (same !== undefined) {
      if (same.hashHex === e.hashHex) problems.push(`${at(e)}: appears twice`)
      else if (!fullEntry(e).checkSignature()) problems.push(`${at(e)}: its signature does not verify`)
      else forks.push(`${at(e)}: two different entries (a fork by its author)`)
      continue
    }
    seqs.set(e.seq, e)
    const verdict = standingVerdict({ authorHex: e.authorHex, seq: e.seq, epochId: e.epoch }, logRoster)
    if (verdict?.kind === 'unknown-author') problems.push(`${at(e)}: its author is not in the roster`)
    else if (verdict !== undefined) uncounted.push(`${at(e)}: does not count (${verdict.kind === 'reject' ? verdict.reason : verdict.kind})`)
  }
  const runs = content.purged ?? []
  const runAt = (authorHex: string, seq: number): PurgedRun | undefined => runs.find(r => r.authorHex === authorHex && r.from <= seq && seq <= r.to)
  let purged = 0
  for (const [authorHex, seqs] of byAuthor) {
    let top = 0
    for (const s of seqs.keys()) top = Math.max(top, s)
    const author = peerIdOf(fromHex(authorHex))
    for (let s = 1; s <= top; s++) {
      const e = seqs.get(s)
      if (e === undefined) {
        if (runAt(authorHex, s) === undefined) problems.push(`entry ${author}:${s}: missing (the log goes on to ${top})`)
        else purged++
        continue
      }
      const prev = seqs.get(s - 1)
      const purgedBefore = prev === undefined && s > 1 ? runAt(authorHex, s - 1) : undefined
      // After a purged run the entry links to the run's last hash (which its own signature covers).
      const linked = s === 1 ? e.prevHex === '' : prev !== undefined ? e.prevHex === prev.hashHex : purgedBefore === undefined || e.prevHex === purgedBefore.hashHex
      if (!linked) problems.push(`${at(e)}: does not link to the entry before it${purgedBefore === undefined ? '' : ' (purged)'}`)
      // A valid signature on an entry vouches for every entry it links back to, their signatures
      // included (the hash covers them): only the last entry of each linked run needs checking.
      const next = seqs.get(s + 1)
      if ((next === undefined || next.prevHex !== e.hashHex) && !fullEntry(e).checkSignature()) problems.push(`${at(e)}: its signature does not verify`)
    }
  }

  for (const [epoch] of keys) if (!roster.state.epochs.has(epoch)) problems.push(`epoch key ${epoch}: the roster has no such epoch`)
  for (const r of runs) {
    const seqs = byAuthor.get(r.authorHex)
    for (let s = r.from; s <= r.to; s++) if (seqs?.has(s) === true) problems.push(`purged run ${peerIdOf(fromHex(r.authorHex))}:${r.from}-${r.to}: the record holds entry ${s} of it`)
    if (seqs === undefined || [...seqs.keys()].every(s => s < r.from)) purged += r.to - r.from + 1 // after the author's last entry held
  }
  const checkpoints: RecordFindings['checkpoints'] = []
  const purges: RecordFindings['purges'] = []
  const authorised: PurgedRun[] = []
  const listed = new Set<string>()
  let deleted = 0
  if (head.readable) {
    for (const e of content.entries) {
      const key = keys.get(e.epoch)
      const given = content.plaintexts.get(entryKey(e.authorHex, e.seq))
      if (key === undefined) { if (given !== undefined) problems.push(`${at(e)}: a plaintext but no key of epoch ${e.epoch}`); continue }
      let opened: Uint8Array
      try { opened = decryptEntry(fullEntry(e), key) } catch { problems.push(`${at(e)}: does not decrypt with the record's key of epoch ${e.epoch}`); continue }
      if (given === undefined) problems.push(`${at(e)}: no plaintext in a readable record`)
      else if (!constantTimeEqual(opened, given)) problems.push(`${at(e)}: the plaintext differs from what its ciphertext holds`)
      const p = payloadOf(content, e)
      if (p?.k === 'delete' && toHex(p.r[0]) === e.authorHex) deleted++
      if (p?.k === 'file') for (const h of p.ch) listed.add(toHex(h))
      if (p?.k === 'purge' && roster.state.members.get(e.authorHex)?.role === 'admin') {
        for (const [a, from, to, h] of p.r) authorised.push({ authorHex: toHex(a), from, to, hashHex: toHex(h) })
        purges.push({ by: peerIdOf(fromHex(e.authorHex)), name: nameIn(roster, e.authorHex), at: e.ts, cutoff: p.b, entries: p.r.reduce((n, [, from, to]) => n + to - from + 1, 0) })
      }
      if (p?.k === 'ckpt') {
        for (const [author, seq, hash] of p.h) {
          const held = byAuthor.get(toHex(author))?.get(seq)
          if (held !== undefined && held.hashHex !== toHex(hash)) problems.push(`checkpoint ${at(e)}: names ${peerIdOf(author)}:${seq} with another hash than the record's`)
        }
        checkpoints.push({ by: peerIdOf(fromHex(e.authorHex)), name: nameIn(roster, e.authorHex), at: e.ts, entries: p.h.reduce((n, [, seq]) => n + seq, 0) })
      }
    }
    for (const key of content.plaintexts.keys()) {
      const [author = '', seq = ''] = key.split(':')
      if (byAuthor.get(author)?.get(Number(seq)) === undefined) problems.push(`plaintext of ${key}: no such entry in the record`)
    }
    for (const h of chunks) if (!listed.has(toHex(h))) problems.push(`file chunk ${toHex(h)}: no shared file in the record lists it`)
    for (const r of runs) {
      for (let s = r.from; s <= r.to; s++) {
        if (authorised.some(a => a.authorHex === r.authorHex && a.from <= s && s <= a.to)) continue
        problems.push(`purged run ${peerIdOf(fromHex(r.authorHex))}:${r.from}-${r.to}: entry ${s} is listed by no admin's purge in the record`)
        break
      }
    }
    if (index === undefined) problems.push('no human index in a readable record')
    else if (index !== recordIndex(content, roster)) problems.push('the human index differs from the record\'s content')
  } else if (index !== undefined || content.plaintexts.size > 0 || keys.size > 0) {
    problems.push('keys, plaintexts or an index in a record whose head says it is not readable')
  }

  const times = timeRange(content.entries)
  return {
    authors: [...byAuthor].map(([hex, seqs]) => ({ peerId: peerIdOf(fromHex(hex)), name: nameIn(roster, hex), entries: seqs.size })),
    from: times?.[0] ?? null,
    to: times?.[1] ?? null,
    ignoredOps: roster.refused.size,
    uncounted,
    forks,
    checkpoints,
    deleted,
    purged,
    purges
  }
}
