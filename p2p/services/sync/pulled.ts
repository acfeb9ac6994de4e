// What a pull does with the items it reads: decodes each on its own (a bad one is dropped and
// counted, the rest of the batch kept) and applies entries, counting each verdict in the stats.
import type { Incident } from '../../incident/incident.js'
import { isQuotaRefusal } from '../../incident/quota-intake.js'
import type { Entry } from '../../log/entry.js'
import type { Verdict } from '../../log/validate.js'
import type { Stats } from '../../net/stats.js'

/** The wires that decode; `dropped` hears why each other one did not. */
export function decodeEach<T> (wires: readonly Uint8Array[], decode: (wire: Uint8Array) => T, dropped: (err: unknown) => void): T[] {
  const out: T[] = []
  for (const wire of wires) {
    try { out.push(decode(wire)) } catch (err) { dropped(err) }
  }
  return out
}

/** Validates, stores and applies pulled entries; the verdict of each, in order. */
export async function applyPulled (incident: Incident, entries: Entry[], stats: Stats): Promise<Verdict[]> {
  const verdicts = await incident.receive(entries)
  for (const v of verdicts) {
    if (v.kind === 'accept') stats.entriesSynced++
    else if (v.kind === 'duplicate') stats.note('sync-entries', 'already-held')
    else if (isQuotaRefusal(v)) continue // counted by the node as quota:*
    else if (v.kind === 'reject' && v.reason === 'bad-signature') stats.drop('sync-entries', 'bad-signature')
    else if (v.kind === 'reject' || v.kind === 'fork' || v.kind === 'unknown-author') stats.drop('sync-entries', v.kind)
  }
  return verdicts
}
