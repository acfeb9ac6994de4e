// Where every chat message of an incident sits, without its text: per message only its author,
// seq, Lamport value and time, in chat order (Lamport, then author key hex). The texts stay in
// the store and are read a page at a time (node/chat-messages.ts). The places are kept as columns
// of numbers (~40 bytes a message, no object per message); a `MessageStub` is made only for a
// message someone asks for, so a page of 50 costs 50 objects however long the chat is. Pure.
import { NumberColumn } from '../codec/number-column.js'

/** A chat message's place: enough to order, page, count unread and find its entry in the store. */
export interface MessageStub {
  readonly authorHex: string
  readonly seq: number
  readonly lamport: number
  readonly ts: number
}

type Place = Pick<MessageStub, 'lamport' | 'authorHex' | 'seq'>

/**
 * Chat order: Lamport value, then author key hex, then seq. Nothing stops an author from giving
 * two entries one Lamport value, so seq settles those, the same way on every node.
 */
export const chatOrder = (a: Place, b: Place): number =>
  a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : a.seq - b.seq)

/** The messages' places by row (the order they were added in). */
class MessageRows {
  private readonly authors: string[] = []
  private readonly authorIds = new Map<string, number>()
  private readonly author = new NumberColumn('uint32')
  private readonly seqs = new NumberColumn()
  private readonly lamports = new NumberColumn()
  private readonly times = new NumberColumn()

  /** The author's id, if it has a message here. */
  knownAuthor (authorHex: string): number | undefined { return this.authorIds.get(authorHex) }

  /** The author's id, given at its first message: each key hex is held once for all its messages. */
  authorId (authorHex: string): number {
    let id = this.authorIds.get(authorHex)
    if (id === undefined) this.authorIds.set(authorHex, id = this.authors.push(authorHex) - 1)
    return id
  }

  push (authorId: number, seq: number, lamport: number, ts: number): number {
    this.seqs.push(seq)
    this.lamports.push(lamport)
    this.times.push(ts)
    return this.author.push(authorId)
  }

  authorHex (row: number): string { return this.authors[this.author.at(row)] as string }
  seq (row: number): number { return this.seqs.at(row) }
  lamport (row: number): number { return this.lamports.at(row) }
  ts (row: number): number { return this.times.at(row) }
  stub (row: number): MessageStub { return { authorHex: this.authorHex(row), seq: this.seq(row), lamport: this.lamport(row), ts: this.ts(row) } }
  /** Chat order of two rows. */
  compare (a: number, b: number): number {
    return this.lamport(a) - this.lamport(b) || this.comparePlace(a, this.authorHex(b), this.seq(b))
  }

  /** Row `a` against an author and seq with the same Lamport value. */
  comparePlace (a: number, authorHex: string, seq: number): number {
    const hex = this.authorHex(a)
    return hex < authorHex ? -1 : hex > authorHex ? 1 : this.seq(a) - seq
  }
}

/**
 * The messages in chat order, read by position (0 is the oldest). A view of the index as it was:
 * valid until the index next changes.
 */
export class MessageOrder {
  constructor (private readonly rows: MessageRows, private readonly order: readonly number[]) {}

  get length (): number { return this.order.length }
  authorHex (i: number): string { return this.rows.authorHex(this.row(i)) }
  seq (i: number): number { return this.rows.seq(this.row(i)) }
  lamport (i: number): number { return this.rows.lamport(this.row(i)) }
  ts (i: number): number { return this.rows.ts(this.row(i)) }
  stub (i: number): MessageStub { return this.rows.stub(this.row(i)) }

  /** The stubs of positions `start` to `end` (excluded): the whole chat without them. */
  stubs (start = 0, end = this.length): MessageStub[] {
    const out: MessageStub[] = []
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.stub(i))
    return out
  }

  /** Where a message at `place` is or would go: the first position not before it in chat order. */
  insertionPoint (place: Place): number {
    let [lo, hi] = [0, this.length]
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const row = this.row(mid)
      if ((this.rows.lamport(row) - place.lamport || this.rows.comparePlace(row, place.authorHex, place.seq)) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** The position of the message `stub`, or -1. */
  positionOf (stub: Place): number {
    const at = this.insertionPoint(stub)
    return at < this.length && this.seq(at) === stub.seq && this.lamport(at) === stub.lamport && this.authorHex(at) === stub.authorHex ? at : -1
  }

  private row (i: number): number {
    const row = this.order[i]
    if (row === undefined) throw new RangeError(`position ${i} is outside a chat of ${this.length}`)
    return row
  }
}

export class MessageIndex {
  private rows = new MessageRows()
  /** Per author id, its rows by seq, ascending: entries are applied in seq order, so adding is a push. */
  private byAuthor: number[][] = []
  /** Rows in chat order, once sorted. */
  private order: number[] = []
  /** Whether `order` needs sorting again (entries read at start-up come author by author). */
  private unsorted = false

  get size (): number { return this.order.length }

  add (authorHex: string, seq: number, lamport: number, ts: number): void {
    const id = this.rows.authorId(authorHex)
    const mine = this.byAuthor[id] ??= []
    const at = this.seqPoint(mine, seq)
    if (at < mine.length && this.rows.seq(mine[at] as number) === seq) return
    const row = this.rows.push(id, seq, lamport, ts)
    if (at === mine.length) mine.push(row)
    else mine.splice(at, 0, row)
    const last = this.order[this.order.length - 1]
    if (last !== undefined && this.rows.compare(last, row) > 0) this.unsorted = true
    this.order.push(row)
  }

  /** Forgets these messages (`author:seq` keys): purged under retention. Rare, so it rebuilds. */
  remove (slots: ReadonlySet<string>): void {
    const kept = this.view().stubs().filter(s => !slots.has(`${s.authorHex}:${s.seq}`))
    if (kept.length === this.size) return
    this.rows = new MessageRows()
    this.byAuthor = []
    this.order = []
    for (const s of kept) this.add(s.authorHex, s.seq, s.lamport, s.ts)
  }

  get (authorHex: string, seq: number): MessageStub | undefined {
    const id = this.rows.knownAuthor(authorHex)
    const mine = id === undefined ? [] : this.byAuthor[id] ?? []
    const row = mine[this.seqPoint(mine, seq)]
    return row !== undefined && this.rows.seq(row) === seq ? this.rows.stub(row) : undefined
  }

  /** Every message in chat order; `counts` leaves out those that stopped counting. */
  view (counts?: (authorHex: string, seq: number) => boolean): MessageOrder {
    if (this.unsorted) {
      // Nearly sorted after live arrivals: TimSort takes that in about one pass.
      this.order.sort((a, b) => this.rows.compare(a, b))
      this.unsorted = false
    }
    const shown = counts === undefined ? this.order : this.order.filter(row => counts(this.rows.authorHex(row), this.rows.seq(row)))
    return new MessageOrder(this.rows, shown)
  }

  /** Where `seq` is or would go in an author's rows (ascending by seq). */
  private seqPoint (mine: readonly number[], seq: number): number {
    const last = mine[mine.length - 1]
    if (last === undefined || this.rows.seq(last) < seq) return mine.length
    let [lo, hi] = [0, mine.length - 1]
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.rows.seq(mine[mid] as number) < seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/**
 * The bounds of the page that ends just before position `end` (the list's end when undefined),
 * `limit` long at most (everything before it without one).
 */
export function pageBounds (length: number, end: number | undefined, limit: number | undefined): [number, number] {
  const stop = end ?? length
  return [limit === undefined ? 0 : Math.max(0, stop - limit), stop]
}
