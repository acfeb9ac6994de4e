// The read receipts this device writes (chat/read-receipts.ts folds everyone's). What the user
// has read is turned into a position per author; a `seen` entry is written only when that moved
// on, at most once every RECEIPT_EVERY_MS per incident, so a busy chat read live costs one
// receipt per interval, not one per message. What waits is written by a timer, or at stop.
import { messageId, parseMessageId } from '../chat/chat-view.js'
import type { MessageOrder } from '../chat/message-index.js'
import { foldReceipts } from '../chat/read-receipts.js'
import { fromHex } from '../codec/bytes.js'
import { NotFoundError } from '../errors.js'
import { requireWriter } from '../incident/applier.js'
import type { Incident } from '../incident/incident.js'
import { MAX_RECEIPT_AUTHORS } from '../log/payload.js'

export const RECEIPT_EVERY_MS = 3000

interface Waiting { incident: Incident, pairs: Map<string, number>, timer?: NodeJS.Timeout | undefined }

export class ReadMarks {
  /** Per incident: positions read but not yet written (author hex → seq), and the timer that will. */
  private readonly waiting = new Map<string, Waiting>()
  private readonly lastWritten = new Map<string, number>()

  constructor (private readonly failed: (incident: Incident, err: unknown) => void, private readonly everyMs = RECEIPT_EVERY_MS) {}

  /**
   * The user has read the chat up to message `upTo` (default: the newest). Whether a receipt was
   * written or is on its way, and how many messages from others are still unread.
   */
  mark (incident: Incident, upTo?: string): { receipt: boolean, unread: number } {
    requireWriter(incident.state, incident.myKeyHex, 'seen')
    const order = incident.messageOrder
    const position = this.position(incident)
    const moved = new Map<string, number>()
    const end = readEnd(incident, order, upTo)
    for (let i = 0; i < end; i++) {
      const [author, seq] = [order.authorHex(i), order.seq(i)]
      if (author !== incident.myKeyHex && seq > (position.get(author) ?? 0)) moved.set(author, Math.max(seq, moved.get(author) ?? 0))
    }
    for (const [author, seq] of moved) position.set(author, seq)
    let unread = 0
    for (let i = 0; i < order.length; i++) {
      const author = order.authorHex(i)
      if (author !== incident.myKeyHex && order.seq(i) > (position.get(author) ?? 0)) unread++
    }
    if (moved.size === 0) return { receipt: false, unread }
    const waiting = this.waiting.get(incident.idHex) ?? { incident, pairs: new Map<string, number>() }
    for (const [author, seq] of moved) waiting.pairs.set(author, seq)
    this.waiting.set(incident.idHex, waiting)
    const due = (this.lastWritten.get(incident.idHex) ?? -Infinity) + this.everyMs - Date.now()
    if (due <= 0) void this.write(incident.idHex)
    else waiting.timer ??= setTimeout(() => { void this.write(incident.idHex) }, due).unref()
    return { receipt: true, unread }
  }

  /** Writes every receipt still waiting (at shutdown, before gossip stops). */
  async flush (): Promise<void> {
    await Promise.all([...this.waiting.keys()].map(async id => { await this.write(id) }))
  }

  /** Where this device has read to: its written receipts, then what waits to be written. */
  private position (incident: Incident): Map<string, number> {
    const position = foldReceipts(incident.records).position(incident.myKeyHex)
    for (const [author, seq] of this.waiting.get(incident.idHex)?.pairs ?? []) position.set(author, Math.max(seq, position.get(author) ?? 0))
    return position
  }

  private async write (incidentId: string): Promise<void> {
    const waiting = this.waiting.get(incidentId)
    if (waiting === undefined) return
    clearTimeout(waiting.timer)
    waiting.timer = undefined
    this.lastWritten.set(incidentId, Date.now())
    const written = new Map(waiting.pairs)
    const pairs = [...written].map(([author, seq]) => [fromHex(author), seq] as [Uint8Array, number])
    try {
      for (let i = 0; i < pairs.length; i += MAX_RECEIPT_AUTHORS) await waiting.incident.append({ k: 'seen', s: pairs.slice(i, i + MAX_RECEIPT_AUTHORS) })
    } catch (err) {
      // Removed meanwhile, or the store is closing: the receipt is lost, nothing else is.
      this.failed(waiting.incident, err)
    }
    // Positions read while it was being written wait for the next one.
    for (const [author, seq] of written) if (waiting.pairs.get(author) === seq) waiting.pairs.delete(author)
    if (waiting.pairs.size === 0) this.waiting.delete(incidentId)
    else waiting.timer ??= setTimeout(() => { void this.write(incidentId) }, this.everyMs).unref()
  }
}

/** How many of the stored messages (`order`) were read when `upTo` was the last on screen. */
function readEnd (incident: Incident, order: MessageOrder, upTo: string | undefined): number {
  if (upTo === undefined) return order.length
  const place = parseMessageId(upTo)
  const stub = place === undefined ? undefined : incident.messageStub(place.authorHex, place.seq)
  const at = stub === undefined ? -1 : order.positionOf(stub)
  if (at >= 0) return at + 1
  // A message still pending (ahead of a gap) was on screen: everything stored before it was too.
  const pending = incident.pendingRecords.find(r => messageId(r.author, r.seq) === upTo)
  if (pending === undefined) throw new NotFoundError(`no message ${upTo} in this incident`)
  return order.insertionPoint(pending)
}
