// Delivery receipts: when an announcement from someone else reaches this device, the node says so
// on its own, in a signed `got` entry, so the leads see whose device has it before the person
// acknowledges. Announcements that arrive together go in one receipt (after BATCH_MS); at start,
// any announcement still without our receipt (a crash in between) gets one. A team's drill is
// answered at once, on its own, with `reach` and this app's version (the drill report's "reached").
import { foldAnnouncements } from '../chat/announcements.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import { fromHex } from '../codec/bytes.js'
import { roleMayWrite } from '../incident/applier.js'
import type { Incident } from '../incident/incident.js'
import { MAX_GOT_REFS } from '../log/payload.js'
import { APP_VERSION } from '../version.js'

export const BATCH_MS = 300

interface Batch { incident: Incident, refs: Array<[Uint8Array, number]>, timer: NodeJS.Timeout }

export class DeliveryReceipts {
  private readonly batches = new Map<string, Batch>()

  constructor (private readonly failed: (incident: Incident, err: unknown) => void) {}

  /** An announcement record was stored here: receipt due if it is someone else's. */
  arrived (incident: Incident, record: PayloadRecord): void {
    if (record.authorHex === incident.myKeyHex || !this.mayWrite(incident)) return
    if (record.payload.k === 'announce') this.add(incident, [fromHex(record.authorHex), record.seq])
    else if (record.payload.k === 'drill') void this.reach(incident, [fromHex(record.authorHex), record.seq])
  }

  /** Receipts for the announcements this device holds without having said so. */
  catchUp (incident: Incident): void {
    if (!this.mayWrite(incident)) return
    for (const line of foldAnnouncements(incident.records)) {
      if (line.authorHex === incident.myKeyHex || line.delivered.has(incident.myKeyHex)) continue
      const ref: [Uint8Array, number] = [fromHex(line.authorHex), line.seq]
      if (line.drill === undefined) this.add(incident, ref)
      else void this.reach(incident, ref)
    }
  }

  /** Writes what waits (at shutdown, before gossip stops). */
  async flush (): Promise<void> {
    await Promise.all([...this.batches.keys()].map(async id => { await this.write(id) }))
  }

  private mayWrite (incident: Incident): boolean {
    return roleMayWrite(incident.state.members.get(incident.myKeyHex)?.role, 'got') && incident.state.members.has(incident.myKeyHex)
  }

  private async reach (incident: Incident, ref: [Uint8Array, number]): Promise<void> {
    try {
      await incident.append({ k: 'reach', r: ref, ver: APP_VERSION })
    } catch (err) {
      this.failed(incident, err)
    }
  }

  private add (incident: Incident, ref: [Uint8Array, number]): void {
    const batch = this.batches.get(incident.idHex)
    if (batch !== undefined) { batch.refs.push(ref); return }
    this.batches.set(incident.idHex, { incident, refs: [ref], timer: setTimeout(() => { void this.write(incident.idHex) }, BATCH_MS).unref() })
  }

  private async write (incidentId: string): Promise<void> {
    const batch = this.batches.get(incidentId)
    if (batch === undefined) return
    clearTimeout(batch.timer)
    this.batches.delete(incidentId)
    try {
      for (let i = 0; i < batch.refs.length; i += MAX_GOT_REFS) await batch.incident.append({ k: 'got', r: batch.refs.slice(i, i + MAX_GOT_REFS) })
    } catch (err) {
      this.failed(batch.incident, err) // removed meanwhile, or the store is closing
    }
  }
}
