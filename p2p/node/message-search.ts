// Keeps the `message` documents of an incident's search index in line with its chat without
// holding the chat in memory: messages not indexed yet are read from the store in batches, edits
// and deletions come from the folded changes (held in memory), and messages that stopped counting
// are taken out. Each refresh does only what changed since the last.
import { foldChanges, messageId, type ChatLine, type MessageChanges } from '../chat/chat-view.js'
import type { MessageOrder, MessageStub } from '../chat/message-index.js'
import { fromHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import type { SearchIndex } from '../search/search-index.js'
import { chatLines } from './chat-messages.js'

/** Messages read from the store at a time while indexing (one level `getMany`). */
const READ_BATCH = 2000

/** What of a message's changes its indexed text reflects. */
const signature = (change: MessageChanges | undefined): string => change === undefined ? '' : `${change.edits.length}|${change.deletedAt !== undefined}`

export class MessageSearchFeed {
  /** Indexed messages: author key hex → seq → the signature of the changes its text reflects. */
  private readonly indexed = new Map<string, Map<number, string>>()
  private count = 0

  private nameOf: (authorHex: string) => string = () => ''

  constructor (private readonly index: SearchIndex) {}

  /** `nameOf`: the display name of an author (key hex) now. */
  async refresh (incident: Incident, nameOf: (authorHex: string) => string): Promise<void> {
    this.nameOf = nameOf
    const order = incident.messageOrder
    const changes = foldChanges(incident.records)
    const fresh: MessageStub[] = []
    for (let i = 0; i < order.length; i++) if (this.indexed.get(order.authorHex(i))?.has(order.seq(i)) !== true) fresh.push(order.stub(i))
    if (this.count > order.length - fresh.length) this.dropUncounted(order)
    for (let i = 0; i < fresh.length; i += READ_BATCH) {
      for (const line of await chatLines(incident, fresh.slice(i, i + READ_BATCH), changes)) this.put(line, changes)
    }
    for (const [key, change] of changes) {
      const [authorHex = '', seqText = ''] = key.split(':')
      const seq = Number(seqText)
      const held = this.indexed.get(authorHex)?.get(seq)
      if (held === undefined || held === signature(change)) continue
      const stub = incident.messageStub(authorHex, seq)
      if (stub !== undefined) this.putChanged(stub, change)
    }
  }

  private put (line: ChatLine, changes: ReadonlyMap<string, MessageChanges>): void {
    this.mark(line.authorHex, line.seq, signature(changes.get(`${line.authorHex}:${line.seq}`)))
    if (line.deleted !== undefined) return
    this.index.put({ kind: 'message', id: line.id, text: line.text, author: line.author, name: this.nameOf(line.authorHex), ts: line.ts })
  }

  /** A message indexed before an edit or its deletion: the edit's text, or out of the index. */
  private putChanged (stub: MessageStub, change: MessageChanges): void {
    this.mark(stub.authorHex, stub.seq, signature(change))
    const author = peerIdOf(fromHex(stub.authorHex))
    const id = messageId(author, stub.seq)
    const edit = change.edits[change.edits.length - 1]
    if (change.deletedAt !== undefined) this.index.remove('message', id)
    else if (edit !== undefined) this.index.put({ kind: 'message', id, text: edit.text, author, name: this.nameOf(stub.authorHex), ts: stub.ts })
  }

  private mark (authorHex: string, seq: number, sig: string): void {
    const seqs = this.indexed.get(authorHex) ?? new Map<number, string>()
    this.indexed.set(authorHex, seqs)
    if (!seqs.has(seq)) this.count++
    seqs.set(seq, sig)
  }

  /** Takes out the messages that no longer count (their author removed before them, or forked). */
  private dropUncounted (order: MessageOrder): void {
    const counting = new Map<string, Set<number>>()
    for (let i = 0; i < order.length; i++) {
      const author = order.authorHex(i)
      counting.set(author, (counting.get(author) ?? new Set()).add(order.seq(i)))
    }
    for (const [authorHex, seqs] of this.indexed) {
      for (const seq of seqs.keys()) {
        if (counting.get(authorHex)?.has(seq) === true) continue
        seqs.delete(seq)
        this.count--
        this.index.remove('message', messageId(peerIdOf(fromHex(authorHex)), seq))
      }
    }
  }
}
