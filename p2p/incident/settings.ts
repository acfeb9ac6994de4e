// The incident's settings, folded from admins' `settings` entries (log/payload.ts). Pure. The
// applier keeps only entries whose author is an admin (a member's settings entry is ignored by
// every node), so here each field takes the latest value set, by (Lamport, author, seq), the same
// order on every device.
import type { PayloadRecord } from '../chat/chat-view.js'
import type { REGIMES } from '../log/payload.js'

/** Files up to this size are fetched by every member on its own, unless an admin set another. */
export const DEFAULT_AUTO_FETCH_BYTES = 25 * 1024 * 1024

/** Who set a field (peer id) and when (ms); absent while it is the default. */
export interface SetBy { author: string, at: number }

export interface IncidentSettings {
  autoFetchBytes: number
  autoFetchSetBy?: SetBy | undefined
  /** Conversation content older than this many days is deleted; null: everything is kept (the default). */
  retentionDays: number | null
  retentionSetBy?: SetBy | undefined
  /** A legal hold: nothing is deleted while it is on (off by default). */
  hold: boolean
  holdSetBy?: SetBy | undefined
  /** The regulatory regimes whose clocks apply (none by default) and their options. */
  regimes: Array<typeof REGIMES[number]>
  regimesSetBy?: SetBy | undefined
  regimeOptions: { trustService: boolean, doraWeekendRule: boolean }
}

const later = (a: PayloadRecord, b: PayloadRecord): boolean =>
  a.lamport !== b.lamport ? a.lamport > b.lamport : a.authorHex !== b.authorHex ? a.authorHex > b.authorHex : a.seq > b.seq

type Field = 'auto' | 'ret' | 'hold' | 'reg' | 'co'

export function settingsOf (records: Iterable<PayloadRecord>): IncidentSettings {
  const latest: Partial<Record<Field, PayloadRecord>> = {}
  for (const r of records) {
    if (r.payload.k !== 'settings') continue
    for (const field of ['auto', 'ret', 'hold', 'reg', 'co'] as const) {
      const current = latest[field]
      if (r.payload[field] !== undefined && (current === undefined || later(r, current))) latest[field] = r
    }
  }
  const value = <F extends Field>(field: F): Extract<PayloadRecord['payload'], { k: 'settings' }>[F] | undefined => {
    const r = latest[field]
    return r?.payload.k === 'settings' ? r.payload[field] : undefined
  }
  const setBy = (field: Field): SetBy | undefined => {
    const r = latest[field]
    return r === undefined ? undefined : { author: r.author, at: r.ts }
  }
  return {
    autoFetchBytes: value('auto') ?? DEFAULT_AUTO_FETCH_BYTES,
    autoFetchSetBy: setBy('auto'),
    retentionDays: value('ret') ?? null,
    retentionSetBy: setBy('ret'),
    hold: value('hold') ?? false,
    holdSetBy: setBy('hold'),
    regimes: value('reg') ?? [],
    regimesSetBy: setBy('reg'),
    regimeOptions: { trustService: value('co')?.ts === true, doraWeekendRule: value('co')?.wr === true }
  }
}
