// The facts that drive an incident's regulatory clocks, folded from admins' `fact` entries (the
// applier keeps only admins' ones). A fact recorded again replaces the earlier record of the same
// kind (and report): the latest by (Lamport, author, seq) stands, the same on every device. Pure.
import type { PayloadRecord } from '../chat/chat-view.js'
import type { Facts, StartFact } from './deadlines.js'

/** One recorded fact as the API lists it. */
export interface FactRecord { kind: string, report?: string, at: number, author: string, authorHex: string, ts: number, seq: number }

const later = (a: PayloadRecord, b: PayloadRecord): boolean =>
  a.lamport !== b.lamport ? a.lamport > b.lamport : a.authorHex !== b.authorHex ? a.authorHex > b.authorHex : a.seq > b.seq

/** The standing record of each fact (kind, or kind and report), in the order they happened. */
export function standingFacts (records: Iterable<PayloadRecord>): FactRecord[] {
  const latest = new Map<string, PayloadRecord>()
  for (const r of records) {
    if (r.payload.k !== 'fact') continue
    const key = r.payload.r === undefined ? r.payload.f : `${r.payload.f}:${r.payload.r}`
    const held = latest.get(key)
    if (held === undefined || later(r, held)) latest.set(key, r)
  }
  return [...latest.values()].flatMap(r => r.payload.k !== 'fact' ? [] : [{
    kind: r.payload.f, ...(r.payload.r === undefined ? {} : { report: r.payload.r }), at: r.payload.at, author: r.author, authorHex: r.authorHex, ts: r.ts, seq: r.seq
  }]).sort((a, b) => a.at - b.at)
}

export function factsOf (standing: readonly FactRecord[]): Facts {
  const at: Facts['at'] = {}
  const submitted = new Map<string, number>()
  const requested = new Map<string, number>()
  for (const f of standing) {
    if (f.kind === 'submitted' && f.report !== undefined) submitted.set(f.report, f.at)
    else if (f.kind === 'requested' && f.report !== undefined) requested.set(f.report, f.at)
    else at[f.kind as StartFact] = f.at
  }
  return { at, submitted, requested }
}
